using System.Text;
using HybridCore.ActiveSync;

namespace HybridCore.Tests.ActiveSync;

public class EasRequestLineFuzzTests
{
    private static readonly string[] Seeds =
    [
        "Cmd=Sync&DeviceId=AC94832BCFD9DCD19D299AD36D2CA8C5&DeviceType=WP8",
        "User=user12@batre.msftonlinerepro.com&DeviceId=RSUA4U03JH48LAS6T7BD2TENV0&DeviceType=iPad&Cmd=Ping",
        "Cmd=SmartReply&User=J%C3%B6rg&DeviceId=d1&DeviceType=t&CollectionId=5&ItemId=5%3A12&SaveInSent=T",
        "jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l",
        "jQMHBANkZXYEeFY0EgRpUG9kAQE1AwI3OQcBAQgGSsO2cmch",
    ];

    // One seeded fuzz run: mutate valid queries (replace, insert, delete, duplicate a span) and check that the
    // parser either succeeds or reports an error, never throws, and stays within the input.
    [Fact]
    public void TryParse_MutatedQueries_NeverThrow()
    {
        var random = new Random(20261121);
        const string alphabet = "=&%+/?ACDIQUYabcdeisuvy0123456789\u00e9\uD800 \0";
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder(Seeds[random.Next(Seeds.Length)]);
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations && text.Length > 0; m++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(4))
                {
                    case 0: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    case 2: text.Remove(at, Math.Min(random.Next(1, 4), text.Length - at)); break;
                    default: text.Insert(at, text.ToString(at, Math.Min(random.Next(1, 8), text.Length - at))); break;
                }
            }

            string query = text.ToString();
            if (EasRequestLine.TryParse(query, buffer, out EasRequestLine line, out EasRequestLineFailure error))
            {
                accepted++;
                Assert.InRange(line.DeviceId.Length, 1, EasRequestLine.MaxDeviceIdLength);
                Assert.False(line.DeviceType.IsEmpty);
            }
            else
            {
                Assert.InRange(error.Offset, 0, query.Length);
            }

            byte[] utf8 = Encoding.UTF8.GetBytes(query);
            if (!EasRequestLine.TryParse(utf8, buffer, out _, out EasRequestLineFailure error8))
            {
                Assert.InRange(error8.Offset, 0, utf8.Length);
            }
        }

        // The mutations keep some queries valid and break most: both paths ran.
        Assert.InRange(accepted, 100, 19_900);
    }
}
