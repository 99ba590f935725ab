using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// The admin API's JSON contract, source-generated: camelCase, and strict on input (an unknown
/// or repeated field is an error, not silently dropped, so a typo such as <c>"stat"</c> cannot
/// pass for a request that changes nothing).
/// </summary>
[JsonSourceGenerationOptions(
    System.Text.Json.JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 16,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SetStateRequest))]
[JsonSerializable(typeof(AddDestinationRequest))]
[JsonSerializable(typeof(PingActiveRequest))]
[JsonSerializable(typeof(PingActiveResponse))]
[JsonSerializable(typeof(DispatcherListResponse))]
[JsonSerializable(typeof(SetView))]
[JsonSerializable(typeof(ChangeResponse))]
[JsonSerializable(typeof(ReloadResponse))]
[JsonSerializable(typeof(HashResponse))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
