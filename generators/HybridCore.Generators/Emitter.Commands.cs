using System.Linq;

namespace HybridCore.Generators;

// EasCommands.table -> EasCommand and EasCommands.
internal static partial class Emitter
{
    public static string EmitCommands(SpecTable<CommandRow> table)
    {
        var w = Begin(table, "HybridCore.ActiveSync");
        var members = Number(table.Rows, row => row.Name, row => row.Code, NoCodeBase);

        w.Doc("An Exchange ActiveSync command. The value of a command that has a base64 query command code is that code ([MS-ASHTTP] 2.2.1.1.1.1.2); commands without one have values from 1000 up.");
        w.Line(GeneratedCode);
        w.Open("public enum EasCommand");
        foreach (var (name, value, row) in members)
        {
            w.Doc(Describe(row.Description, row.Code >= 0 ? "Command code " + Num(row.Code) + "." : "Has no base64 command code.", row.Versions));
            w.Line(name + " = " + Num(value) + ",");
        }

        w.Close();
        w.Line();
        w.Doc("Generated lookups for <see cref=\"EasCommand\"/>. None of them allocates.");
        w.Line(GeneratedCode);
        w.Open("public static partial class EasCommands");
        EmitValues(w, members.Select(m => m.Value), "Every defined command value, in table order.");
        EmitNameSwitch(w, "EasCommand", "command", members.Select(m => (m.Name, "global::HybridCore.ActiveSync.EasCommand." + m.Name)));
        EmitStringSwitch(w, "GetName", "EasCommand", "command", "The command's name as used in the <c>Cmd=</c> query parameter, or <see langword=\"null\"/> if the value is not a defined command.", members.Select(m => ("global::HybridCore.ActiveSync.EasCommand." + m.Name, m.Name)));
        EmitStringSwitch(w, "GetDescription", "EasCommand", "command", "A short description of the command, or <see langword=\"null\"/> if the value is not a defined command.", members.Select(m => ("global::HybridCore.ActiveSync.EasCommand." + m.Name, m.Row.Description)));
        EmitVersionsSwitch(w, "EasCommand", "command", members.Select(m => ("global::HybridCore.ActiveSync.EasCommand." + m.Name, m.Row.Versions)));
        EmitIsDefined(w, "EasCommand", "command", members.Select(m => "global::HybridCore.ActiveSync.EasCommand." + m.Name));

        w.Doc("Whether <paramref name=\"command\"/> has a base64 query command code (its value is then that code).");
        w.Line("public static bool HasCode(global::HybridCore.ActiveSync.EasCommand command) => (int)command < " + Num(NoCodeBase) + " && IsDefined(command);");
        w.Line();
        w.Doc("Maps a base64 query command code ([MS-ASHTTP] 2.2.1.1.1.1.2) to its command.");
        w.Line("public static bool TryFromCode(int code, out global::HybridCore.ActiveSync.EasCommand command)");
        w.Open();
        w.Line("command = (global::HybridCore.ActiveSync.EasCommand)code;");
        w.Line("return code >= 0 && code < " + Num(NoCodeBase) + " && IsDefined(command);");
        w.Close();
        w.Close();
        return End(w);
    }
}
