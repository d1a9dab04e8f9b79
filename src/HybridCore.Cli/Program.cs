using System.Runtime.InteropServices;
using HybridCore.Cli;

// SIGTERM (what `kill`, systemd and container runtimes send) stops a command as Ctrl+C does: the action's token is
// cancelled, the command ends itself and exits 130 with the "interrupted" message (serve stops and exits 0).
using var terminate = new CancellationTokenSource();
using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    terminate.Cancel();
});
return await CliApp.RunAsync(args, CliConsole.FromSystemConsole(), terminate.Token).ConfigureAwait(false);
