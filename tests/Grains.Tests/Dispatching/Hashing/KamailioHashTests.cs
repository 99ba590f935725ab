using System.Text;

namespace OrleansLB.Grains.Dispatching.Hashing;

public sealed class KamailioHashTests
{
    // Expected values: Kamailio's ds_get_hash (dispatch.c, kamailio/kamailio master) compiled
    // unchanged with gcc 12.2 on x86-64 (signed char; same output at -O0, -O2 and -O2 -fwrapv)
    // and run on these inputs. Inputs are hex so non-UTF-8 bytes can be written. With
    // -funsigned-char (as on ARM) the last five non-ASCII rows differ: 80 gives 144 there.
    [Theory]
    [InlineData("", "", 1u)]
    [InlineData("61", "", 109u)] // "a"
    [InlineData("616263", "", 7167810u)] // "abc"
    [InlineData("61626364", "", 1834959896u)] // "abcd"
    [InlineData("613834623463373665363637313040706333332E61746C616E74612E636F6D", "", 2175018094u)] // a84b4c76e66710@pc33.atlanta.com
    [InlineData("33383438323736323938323230313838353131403132372E302E302E31", "", 2131931080u)] // 3848276298220188511@127.0.0.1
    [InlineData("616C696365", "61746C616E74612E636F6D", 1053853112u)] // "alice", "atlanta.com"
    [InlineData("626F62", "62696C6F78692E636F6D3A35303830", 1220061292u)] // "bob", "biloxi.com:5080"
    [InlineData("", "5B323030313A6462383A3A315D3A35303730", 491869759u)] // "", "[2001:db8::1]:5070"
    [InlineData("616C696365", "", 1834153949u)] // "alice"
    [InlineData("67772D67726F75702D37", "", 3890267262u)] // "gw-group-7"
    [InlineData("C3A974C3A9", "", 3139016441u)] // "été" in UTF-8
    [InlineData("FFFE807F", "", 3779420041u)]
    [InlineData("80", "", 3760390704u)]
    [InlineData("C3BC6D6C61757440E4BE8BE381882E6A70", "", 3637313499u)] // "ümlaut@例え.jp" in UTF-8
    public void Of_KnownInputs_MatchesKamailioBuiltWithGcc(string key1Hex, string key2Hex, uint expected)
    {
        Assert.Equal(expected, KamailioHash.Of(Convert.FromHexString(key1Hex), Convert.FromHexString(key2Hex)));
    }

    [Theory]
    [InlineData(" \t abc\r\n", "abc")]
    [InlineData("a b", "a b")]
    [InlineData(" \r\n", "")]
    public void Trim_Whitespace_RemovedAtBothEndsOnly(string input, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(KamailioHash.Trim(Encoding.UTF8.GetBytes(input))));
    }

    [Theory]
    [InlineData("sip:alice@atlanta.com", false, "alice", "atlanta.com")]
    [InlineData("sip:alice@atlanta.com:5060", false, "alice", "atlanta.com")]
    [InlineData("sip:alice@atlanta.com:5080;transport=tcp", false, "alice", "atlanta.com:5080")]
    [InlineData("sip:alice@atlanta.com:5061", false, "alice", "atlanta.com:5061")]
    [InlineData("sips:alice@atlanta.com:5061", false, "alice", "atlanta.com")]
    [InlineData("sips:alice@atlanta.com:5060", false, "alice", "atlanta.com:5060")]
    [InlineData("sip:alice@atlanta.com:5080", true, "alice", "")]
    [InlineData("sip:atlanta.com:5080", false, "", "atlanta.com:5080")]
    [InlineData("sip:[2001:db8::1]:5070", false, "", "[2001:db8::1]:5070")]
    [InlineData("sip:bob@[2001:db8::1]:5060", false, "bob", "[2001:db8::1]")]
    [InlineData("  <sip:bob@biloxi.com>\r\n", false, "bob", "biloxi.com")]
    public void TryGetUriKeys_Table_GivesKamailioKeys(string uri, bool userOnly, string user, string hostPort)
    {
        Assert.True(KamailioHash.TryGetUriKeys(Encoding.UTF8.GetBytes(uri), userOnly, out var key1, out var key2));
        Assert.Equal(user, Encoding.UTF8.GetString(key1));
        Assert.Equal(hostPort, Encoding.UTF8.GetString(key2));
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice@atlanta.com")]
    [InlineData("sip:alice@")]
    public void TryGetUriKeys_BadUri_False(string uri)
    {
        Assert.False(KamailioHash.TryGetUriKeys(Encoding.UTF8.GetBytes(uri), false, out _, out _));
    }
}
