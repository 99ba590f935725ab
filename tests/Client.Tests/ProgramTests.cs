namespace OrleansLB.Client;

public sealed class ProgramTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"orleanslb-{Guid.NewGuid():N}.list");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Run_GoodList_PrintsSetsInKamailioOrderAndExitsZero()
    {
        File.WriteAllText(_file, "1 sip:127.0.0.1:5071 0 0 duid=a\n1 127.0.0.1:5072 8 5 duid=b Backup\n");
        var (code, output, errors) = Run("--list", _file);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, errors);
        Assert.Contains("DEST[0]: URI=sip:127.0.0.1:5072 FLAGS=AP PRIORITY=5 ATTRS=duid=b DESC=Backup", output);
        Assert.Contains("DEST[1]: URI=sip:127.0.0.1:5071 FLAGS=AX PRIORITY=0 ATTRS=duid=a", output);
        Assert.Contains("SIP is not served yet", output);
    }

    [Fact]
    public void Run_BadList_NamesEveryErrorAndExitsOne()
    {
        File.WriteAllText(_file, "x sip:a\n1 sip:b zz\n");
        var (code, _, errors) = Run("--list", _file);

        Assert.Equal(1, code);
        Assert.Contains(":1: setid:", errors);
        Assert.Contains(":2: flags:", errors);
        Assert.Contains("not loaded, 2 error(s)", errors);
    }

    [Fact]
    public void Run_BadListSkipInvalid_LoadsTheGoodLines()
    {
        File.WriteAllText(_file, "x sip:a\n1 sip:b\n");
        var (code, output, _) = Run("--list", _file, "--skip-invalid");

        Assert.Equal(0, code);
        Assert.Contains("URI=sip:b", output);
    }

    [Fact]
    public void Run_MissingFileOrBadArgument_ClearMessage()
    {
        Assert.Equal(1, Run("--list", _file + ".none").Code);
        var (code, _, errors) = Run("--bogus");
        Assert.Equal(2, code);
        Assert.Contains("unknown argument '--bogus'", errors);
    }

    private static (int Code, string Output, string Errors) Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = Program.Run(args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }
}
