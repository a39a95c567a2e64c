using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Todo;

public static class TodoApi
{
    public const int MaxTitleLength = 200;

    public static IEndpointRouteBuilder MapTodoApi(this IEndpointRouteBuilder app)
    {
        var todos = app.MapGroup("/todos");
        todos.MapGet("/", ListAsync);
        todos.MapGet("/{id:int}", GetAsync);
        todos.MapPost("/", CreateAsync);
        todos.MapPut("/{id:int}/done", CompleteAsync);
        todos.MapDelete("/{id:int}", DeleteAsync);
        return app;
    }

    private static async Task<Ok<List<TodoItem>>> ListAsync(TodoDb db, CancellationToken ct) =>
        TypedResults.Ok(await db.Todos.OrderBy(t => t.Id).Take(100).ToListAsync(ct));

    private static async Task<Results<Ok<TodoItem>, NotFound>> GetAsync(int id, TodoDb db, CancellationToken ct) =>
        await db.Todos.FindAsync([id], ct) is { } todo ? TypedResults.Ok(todo) : TypedResults.NotFound();

    private static async Task<Results<Created<TodoItem>, ValidationProblem>> CreateAsync(NewTodo input, TodoDb db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > MaxTitleLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["title"] = [$"A title of 1 to {MaxTitleLength} characters is required."] });
        }

        var todo = new TodoItem { Title = input.Title.Trim() };
        db.Todos.Add(todo);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/todos/{todo.Id}", todo);
    }

    private static async Task<Results<Ok<TodoItem>, NotFound>> CompleteAsync(int id, TodoDb db, CancellationToken ct)
    {
        if (await db.Todos.FindAsync([id], ct) is not { } todo)
        {
            return TypedResults.NotFound();
        }

        todo.Done = true;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(todo);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(int id, TodoDb db, CancellationToken ct) =>
        await db.Todos.Where(t => t.Id == id).ExecuteDeleteAsync(ct) > 0 ? TypedResults.NoContent() : TypedResults.NotFound();
}

public sealed record NewTodo(string? Title);
