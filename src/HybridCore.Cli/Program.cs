using HybridCore.Cli;

return await CliApp.RunAsync(args, CliConsole.FromSystemConsole()).ConfigureAwait(false);
