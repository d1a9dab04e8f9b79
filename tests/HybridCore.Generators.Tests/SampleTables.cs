namespace HybridCore.Generators.Tests;

/// <summary>Small, valid tables for generator tests (real tables are tested separately).</summary>
internal static class SampleTables
{
    public const string Commands = """
        # Sample — [MS-ASHTTP] 2.2.1.1.1.2
        name         | code | versions            | description
        Sync         | 0    | 12.1,14.0,14.1      | Synchronizes a collection.
        FolderSync   | 9    | 14.0                | Synchronizes the folder hierarchy.
        Autodiscover | -    | 14.0,16.1           | Has no code.
        """;

    public const string WbxmlPages = """
        # Sample — [MS-ASWBXML] 2.1.2.1
        page | name    | namespace | description
        0    | AirSync | AirSync   | -
        14   | Provision | Provision | -
        """;

    public const string WbxmlTags = """
        # Sample — [MS-ASWBXML] 2.1.2.1.1
        page | name      | token | versions
        0    | Sync      | 0x05  | 14.0,14.1
        0    | Responses | 0x06  | 14.0
        14   | Provision | 0x05  | 14.0
        """;
}
