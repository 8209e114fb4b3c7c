using System.CommandLine;
using NotebookLib.Notebooks;

namespace NotebookLib.Cli;

/// <summary>`worker request.json`: the kernel side of <see cref="NotebookWorker"/>, started by `run`, not by hand.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var request = new Argument<string>("request") { Description = "the run request the runner wrote" };
        var cmd = new Command("worker", "execute one notebook for the runner (internal)") { request };
        cmd.Hidden = true;
        cmd.SetAction(async (r, ct) =>
        {
            var rc = await NotebookWorker.ServeAsync(r.GetValue(request)!).ConfigureAwait(false);
            // Exit now rather than return: a timed-out cell's thread may still be running, and it must stop with us.
            Console.Out.Flush();
            Environment.Exit(rc);
            return rc;
        });
        return cmd;
    }
}
