using System.Net;
using System.Net.Http.Json;

namespace Todo.Tests;

public sealed class TodoApiTests : IDisposable
{
    private readonly TempData _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_created_todo_is_listed_and_can_be_marked_done()
    {
        await using var host = new TodoHost(_data.Path);
        using var client = host.CreateClient();

        var created = await client.PostAsJsonAsync("/todos", new NewTodo("write the docs"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var todo = (await created.Content.ReadFromJsonAsync<TodoItem>(Ct))!;
        var done = await client.PutAsync($"/todos/{todo.Id}/done", null, Ct);
        done.EnsureSuccessStatusCode();

        var all = await client.GetFromJsonAsync<List<TodoItem>>("/todos", Ct);
        var listed = Assert.Single(all!);
        Assert.Equal("write the docs", listed.Title);
        Assert.True(listed.Done);
    }

    [Fact]
    public async Task A_todo_without_a_title_is_refused_with_a_validation_problem()
    {
        await using var host = new TodoHost(_data.Path);
        using var client = host.CreateClient();

        var answer = await client.PostAsJsonAsync("/todos", new NewTodo("  "), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("title", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_an_unknown_todo_answers_not_found()
    {
        await using var host = new TodoHost(_data.Path);
        using var client = host.CreateClient();

        var answer = await client.DeleteAsync("/todos/4711", Ct);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task The_database_lives_in_the_data_folder_and_the_next_release_sees_its_rows()
    {
        await using (var first = new TodoHost(_data.Path))
        {
            using var client = first.CreateClient();
            (await client.PostAsJsonAsync("/todos", new NewTodo("survive a deploy"), Ct)).EnsureSuccessStatusCode();
        }

        Assert.True(File.Exists(Path.Combine(_data.Path, "todo.db")));
        await using var second = new TodoHost(_data.Path);
        using var again = second.CreateClient();
        var all = await again.GetFromJsonAsync<List<TodoItem>>("/todos", Ct);
        Assert.Equal("survive a deploy", Assert.Single(all!).Title);
    }
}
