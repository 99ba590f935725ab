using System.Text;

namespace OrleansLB.Client.Sip.Message;

/// <summary>
/// A parsed SIP request or response: a view of offsets over the buffer it was parsed from. Nothing
/// is copied; values are spans into <see cref="Buffer"/>, strings are made only on request
/// (<see cref="SipText"/>). Header slots live inside the object, so one message can be reused for
/// many parses without allocating. Valid only while the buffer is unchanged.
/// </summary>
internal sealed class SipMessage
{
    private SipHeaderEntryBuffer _inlineHeaders;
    private SipHeaderEntry[]? _moreHeaders;
    private SipValueRefBuffer _inlineVias;
    private SipValueRef[]? _moreVias;
    private SipHeaderIndexBuffer _firstIndex;

    public SipMessage() => Reset(default);

    /// <summary>The buffer the message was parsed from (it may hold more than this message).</summary>
    public ReadOnlyMemory<byte> Buffer { get; private set; }

    /// <summary>Offset of the start line (leading CRLF keep-alives are skipped).</summary>
    public int Start { get; internal set; }

    /// <summary>Offset just past the body: the bytes of the buffer this message consumed.</summary>
    public int End { get; internal set; }

    /// <summary>The message bytes, start line to end of body.</summary>
    public ReadOnlyMemory<byte> Memory => Buffer[Start..End];

    public bool IsRequest { get; internal set; }

    public bool IsResponse => !IsRequest;

    public SipMethod Method { get; internal set; }

    public ReadOnlySpan<byte> MethodName => Slice(MethodRange);

    public ReadOnlySpan<byte> RequestUri => Slice(RequestUriRange);

    public int StatusCode { get; internal set; }

    public ReadOnlySpan<byte> ReasonPhrase => Slice(ReasonRange);

    /// <summary>The start line without its line terminator.</summary>
    public ReadOnlySpan<byte> StartLine => Slice(StartLineRange);

    public int HeaderCount { get; internal set; }

    public int ViaCount { get; internal set; }

    /// <summary>The top Via value: the one a response is matched on and a proxy answers to.</summary>
    public SipVia TopVia => GetVia(0);

    public ReadOnlySpan<byte> CallId => Slice(CallIdRange);

    public uint CSeqNumber { get; internal set; }

    public SipMethod CSeqMethod { get; internal set; }

    public ReadOnlySpan<byte> CSeqMethodName => Slice(CSeqMethodRange);

    /// <summary>The Max-Forwards value, or -1 when the header is absent.</summary>
    public int MaxForwards { get; internal set; }

    /// <summary>The Content-Length value, or -1 when the header is absent (allowed on UDP).</summary>
    public int ContentLength { get; internal set; }

    public ReadOnlySpan<byte> ContentType => GetHeaderValue(SipHeaderId.ContentType);

    public ReadOnlySpan<byte> UserAgent => GetHeaderValue(SipHeaderId.UserAgent);

    public ReadOnlySpan<byte> Body => Slice(BodyRange);

    public SipNameAddr From => ParseAddress(SipHeaderId.From);

    public SipNameAddr To => ParseAddress(SipHeaderId.To);

    public ReadOnlySpan<byte> FromUri => Slice(FromUriRange);

    public ReadOnlySpan<byte> FromTag => Slice(FromTagRange);

    public ReadOnlySpan<byte> ToUri => Slice(ToUriRange);

    public ReadOnlySpan<byte> ToTag => Slice(ToTagRange);

    public bool HasToTag => ToTagRange.IsPresent;

    /// <summary>All header lines in received order.</summary>
    public SipHeaderEnumerator Headers => new(this, SipHeaderId.Unknown, default, all: true);

    /// <summary>Route values in order, across lines and commas.</summary>
    public SipHeaderValueEnumerator Routes => GetValues(SipHeaderId.Route);

    public SipHeaderValueEnumerator RecordRoutes => GetValues(SipHeaderId.RecordRoute);

    public SipHeaderValueEnumerator Contacts => GetValues(SipHeaderId.Contact);

    internal SipRange MethodRange { get; set; }

    internal SipRange RequestUriRange { get; set; }

    internal SipRange ReasonRange { get; set; }

    internal SipRange StartLineRange { get; set; }

    /// <summary>Offset of the first header line (just past the start line's terminator).</summary>
    internal int HeadersStart { get; set; }

    /// <summary>Offset of the empty line that ends the headers.</summary>
    internal int HeadersEnd { get; set; }

    internal SipRange CallIdRange { get; set; }

    internal SipRange CSeqMethodRange { get; set; }

    internal SipRange BodyRange { get; set; }

    internal SipRange FromUriRange { get; set; }

    internal SipRange FromTagRange { get; set; }

    internal SipRange ToUriRange { get; set; }

    internal SipRange ToTagRange { get; set; }

    public bool TryGetRequestUri(out SipUri uri) => SipUri.TryParse(RequestUri, out uri);

    public SipVia GetVia(int index)
    {
        if ((uint)index >= (uint)ViaCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        var via = ViaAt(index);
        SipVia.TryParse(Buffer.Span.Slice(via.Start, via.Length), out var parsed);
        return parsed;
    }

    /// <summary>Which header line holds the Via value at <paramref name="index"/>, and where.</summary>
    public SipValueRef GetViaReference(int index)
        => (uint)index < (uint)ViaCount ? ViaAt(index) : throw new ArgumentOutOfRangeException(nameof(index));

    public SipHeader GetHeader(int index)
    {
        if ((uint)index >= (uint)HeaderCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        ref readonly var e = ref EntryAt(index);
        var span = Buffer.Span;
        return new SipHeader(index, e.Id, span.Slice(e.LineStart, e.NameLength), span.Slice(e.ValueStart, e.ValueLength),
            span[e.LineStart..e.LineEnd]);
    }

    public bool Contains(SipHeaderId id) => _firstIndex[(int)id] >= 0;

    /// <summary>Index of the first header line with this id, or -1.</summary>
    public int IndexOf(SipHeaderId id) => _firstIndex[(int)id];

    /// <summary>The value of the first header with this id, or empty.</summary>
    public ReadOnlySpan<byte> GetHeaderValue(SipHeaderId id)
    {
        var index = _firstIndex[(int)id];
        return index < 0 ? default : GetHeader(index).Value;
    }

    public bool TryGetHeaderValue(SipHeaderId id, out ReadOnlySpan<byte> value)
    {
        var index = _firstIndex[(int)id];
        value = index < 0 ? default : GetHeader(index).Value;
        return index >= 0;
    }

    /// <summary>The first header with this name (long or compact form, any case).</summary>
    public bool TryGetHeaderValue(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        foreach (var header in GetHeaders(name))
        {
            value = header.Value;
            return true;
        }

        value = default;
        return false;
    }

    public bool TryGetHeaderValue(string name, out ReadOnlySpan<byte> value)
        => TryGetHeaderValue(Encoding.ASCII.GetBytes(name), out value);

    public SipHeaderEnumerator GetHeaders(SipHeaderId id) => new(this, id, default, all: false);

    public SipHeaderEnumerator GetHeaders(ReadOnlySpan<byte> name)
    {
        var id = SipKnownHeaders.Lookup(name);
        return new SipHeaderEnumerator(this, id, id == SipHeaderId.Unknown ? name : default, all: false);
    }

    /// <summary>The comma-separated values of a list header, across all its lines.</summary>
    public SipHeaderValueEnumerator GetValues(SipHeaderId id) => new(this, GetHeaders(id));

    public SipHeaderValueEnumerator GetValues(ReadOnlySpan<byte> name) => new(this, GetHeaders(name));

    /// <summary>The first Route value: the next hop a loose-routing proxy checks and removes.</summary>
    public bool TryGetFirstRoute(out SipHeaderValue route)
    {
        foreach (var value in Routes)
        {
            route = value;
            return true;
        }

        route = default;
        return false;
    }

    /// <summary>The first value of an address list header (Contact, Route, Record-Route, ...), parsed.</summary>
    public bool TryGetFirstAddress(SipHeaderId id, out SipNameAddr address)
    {
        foreach (var value in GetValues(id))
        {
            return SipNameAddr.TryParse(value.Span, out address);
        }

        address = default;
        return false;
    }

    /// <summary>The <c>username</c> of the first Authorization (or Proxy-Authorization) header.</summary>
    public bool TryGetAuthorizationUsername(SipHeaderId header, out ReadOnlySpan<byte> username)
    {
        username = default;
        return header is SipHeaderId.Authorization or SipHeaderId.ProxyAuthorization
            && TryGetHeaderValue(header, out var value)
            && SipCredentials.TryGetUsername(value, out username);
    }

    public override string ToString() => Encoding.UTF8.GetString(Memory.Span);

    internal ref SipHeaderEntry EntryAt(int index)
        => ref index < SipHeaderEntryBuffer.Capacity ? ref _inlineHeaders[index] : ref _moreHeaders![index - SipHeaderEntryBuffer.Capacity];

    internal SipValueRef ViaAt(int index)
        => index < SipValueRefBuffer.Capacity ? _inlineVias[index] : _moreVias![index - SipValueRefBuffer.Capacity];

    /// <summary>
    /// This parse over its own copy of <see cref="Buffer"/>: how a message parsed into a reused one
    /// over a receive buffer is kept.
    /// </summary>
    internal SipMessage Clone()
    {
        var copy = (SipMessage)MemberwiseClone();
        copy.Buffer = Buffer.ToArray();
        copy._moreHeaders = (SipHeaderEntry[]?)_moreHeaders?.Clone();
        copy._moreVias = (SipValueRef[]?)_moreVias?.Clone();
        return copy;
    }

    internal void Reset(ReadOnlyMemory<byte> buffer)
    {
        Buffer = buffer;
        Start = End = 0;
        IsRequest = false;
        Method = SipMethod.Unknown;
        StatusCode = 0;
        HeaderCount = ViaCount = 0;
        CSeqNumber = 0;
        CSeqMethod = SipMethod.Unknown;
        MaxForwards = ContentLength = -1;
        HeadersStart = HeadersEnd = 0;
        MethodRange = RequestUriRange = ReasonRange = StartLineRange = SipRange.None;
        CallIdRange = CSeqMethodRange = BodyRange = SipRange.None;
        FromUriRange = FromTagRange = ToUriRange = ToTagRange = SipRange.None;
        ((Span<short>)_firstIndex).Fill(-1);
    }

    internal int AddHeader(in SipHeaderEntry entry, int maxHeaders)
    {
        var index = HeaderCount;
        if (index >= SipHeaderEntryBuffer.Capacity)
        {
            var overflow = index - SipHeaderEntryBuffer.Capacity;
            if (_moreHeaders is null || overflow >= _moreHeaders.Length)
            {
                var size = Math.Max(SipHeaderEntryBuffer.Capacity, Math.Min(maxHeaders, (_moreHeaders?.Length ?? 0) * 2));
                Array.Resize(ref _moreHeaders, Math.Max(size, overflow + 1));
            }
        }

        HeaderCount = index + 1;
        EntryAt(index) = entry;
        if (_firstIndex[(int)entry.Id] < 0)
        {
            _firstIndex[(int)entry.Id] = (short)index;
        }

        return index;
    }

    internal void AddVia(SipValueRef via)
    {
        var index = ViaCount;
        if (index < SipValueRefBuffer.Capacity)
        {
            _inlineVias[index] = via;
        }
        else
        {
            var overflow = index - SipValueRefBuffer.Capacity;
            if (_moreVias is null || overflow >= _moreVias.Length)
            {
                Array.Resize(ref _moreVias, Math.Max(8, (_moreVias?.Length ?? 0) * 2));
            }

            _moreVias[overflow] = via;
        }

        ViaCount = index + 1;
    }

    private ReadOnlySpan<byte> Slice(SipRange range) => range.Of(Buffer.Span);

    private SipNameAddr ParseAddress(SipHeaderId id)
    {
        SipNameAddr.TryParse(GetHeaderValue(id), out var address);
        return address;
    }
}
