using System.Diagnostics;

namespace Baton.Web.Tests.Infrastructure;

/// <summary>
/// Waits for something the host does on its own (a background round, a process start, a file swept) by checking a
/// condition, never by sleeping a fixed time. The ceiling is generous on purpose: on a busy machine a wait takes long,
/// it does not fail; only a condition that never holds fails, and the message says which.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Ceiling = TimeSpan.FromMinutes(2);

    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? ceiling = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, ceiling);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? ceiling = null)
    {
        var limit = ceiling ?? Ceiling;
        var waited = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(10);
        while (!await condition())
        {
            if (waited.Elapsed > limit)
            {
                Assert.Fail($"Still not true after {limit.TotalSeconds:0} s: {what}.");
            }

            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 200));
        }
    }
}
