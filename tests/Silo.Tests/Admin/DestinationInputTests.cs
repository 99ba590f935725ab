using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Silo.Admin;

public sealed class DestinationInputTests
{
    [Fact]
    public void TryCreate_KamailioLine_TheDestinationWithSipAdded()
    {
        var ok = DestinationInput.TryCreate(1, new AddDestinationRequest("10.0.0.14:5080", 8, 5, "duid=ast4;weight=20;prefix=49", "Asterisk 4"), out var destination, out var problem);

        Assert.True(ok, problem?.ToString());
        Assert.Equal("sip:10.0.0.14:5080", destination.Uri);
        Assert.Equal(DestinationFlags.Probing, destination.Flags);
        Assert.Equal(5, destination.Priority);
        Assert.Equal("ast4", destination.Key);
        Assert.Equal("49", destination.Attributes["prefix"]);
        Assert.Equal("Asterisk 4", destination.Description);
    }

    [Theory]
    [InlineData(null, 0, null, null)]
    [InlineData("tel:+4930123", 0, null, null)]
    [InlineData("sip:10.0.0.14:5080", 128, null, null)]
    [InlineData("sip:10.0.0.14:5080", -1, null, null)]
    [InlineData("sip:10.0.0.14:5080", 0, "duid=a;weight=x", null)]
    [InlineData("sip:10.0.0.14:5080", 0, "duid=", null)]
    [InlineData("sip:10.0.0.14:5080", 0, "=x", null)]
    [InlineData("sip:10.0.0.14:5080", 0, "duid=a\tb", null)]
    [InlineData("sip:10.0.0.14:5080", 0, null, "line one\nline two")]
    [InlineData("sip:10.0.0.14:5080", 0, null, "see #42")]
    [InlineData("sip:10.0.0.14:5080", 0, null, "two  spaces")]
    [InlineData("sip:10.0.0.14:5080", 0, null, "   ")]
    [InlineData("sip:10.0.0.14:5080", 0, null, " lead")]
    public void TryCreate_SomethingThatWouldNotReadBack_Refused(string? uri, int flags, string? attrs, string? description)
    {
        var ok = DestinationInput.TryCreate(1, new AddDestinationRequest(uri, flags, 0, attrs, description), out _, out var problem);

        Assert.False(ok);
        Assert.NotNull(problem);
    }

    /// <summary>The hostile-input rule: whatever is accepted reads back the same from a dispatcher.list.</summary>
    [Property(MaxTest = 500)]
    public Property TryCreate_AnyAcceptedInput_ReadsBackTheSameFromAList() =>
        Prop.ForAll(Inputs().ToArbitrary(), request =>
        {
            if (!DestinationInput.TryCreate(3, request, out var destination, out _))
            {
                return true;
            }

            var text = Grains.Configuration.DispatcherListWriter.Write(new DispatcherSnapshot(0, [DestinationSet.Create(3, [destination])]));
            var read = Grains.Configuration.DispatcherListReader.Read(text, "t", Grains.Configuration.DispatcherListLoadMode.Strict);
            var back = read.Snapshot.Sets.Single()[0];
            return back.Uri == destination.Uri
                && back.Attributes.Equals(destination.Attributes)
                && back.Description == destination.Description
                && back.Priority == destination.Priority;
        });

    private static Gen<AddDestinationRequest> Inputs()
    {
        var piece = Gen.Elements("sip:", "10.0.0.1", ":5080", "@", "host", "[::1]", " ", "#", ";", "=", "\n", "\t", "é", "duid", "weight=5", "\"", "x", "0x8", "all");
        var text = Gen.ListOf(piece).Select(parts => string.Concat(parts));
        var optional = Gen.OneOf(Gen.Constant<string?>(null), text.Select(t => (string?)t));
        return from uri in Gen.OneOf(text, Gen.Elements("sip:10.0.0.1:5080", "10.0.0.2", "sip:a@host:5060;transport=tcp"))
               from flags in Gen.Choose(-2, 70)
               from priority in Gen.Choose(-5, 5)
               from attrs in optional
               from description in optional
               select new AddDestinationRequest(uri, flags, priority, attrs, description);
    }
}
