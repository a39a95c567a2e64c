using Microsoft.EntityFrameworkCore;

namespace Todo;

public sealed class TodoDb(DbContextOptions<TodoDb> options) : DbContext(options)
{
    public DbSet<TodoItem> Todos => Set<TodoItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TodoItem>().Property(t => t.Title).HasMaxLength(TodoApi.MaxTitleLength);
    }
}
