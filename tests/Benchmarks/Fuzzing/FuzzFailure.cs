using System.Text;

namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>One input an entry point did not take through a defined path: an exception, a broken oracle rule, or a hang.</summary>
internal sealed record FuzzFailure(FuzzTarget Target, long Index, string Kind, string Message, byte[] Input)
{
    /// <summary>The input with control and non-ASCII bytes escaped, for a failure message.</summary>
    public string Escaped
    {
        get
        {
            var text = new StringBuilder(Input.Length + 16);
            foreach (var b in Input.AsSpan(0, Math.Min(Input.Length, 2048)))
            {
                text.Append(b switch
                {
                    (byte)'\r' => "\\r",
                    (byte)'\n' => "\\n\n",
                    (byte)'\\' => "\\\\",
                    < 0x20 or >= 0x7f => $"\\x{b:x2}",
                    _ => ((char)b).ToString(),
                });
            }

            return Input.Length > 2048 ? text.Append($"... ({Input.Length} bytes)").ToString() : text.ToString();
        }
    }

    public override string ToString() => $"{Target} input #{Index}: {Kind}: {Message}\n{Escaped}";
}
