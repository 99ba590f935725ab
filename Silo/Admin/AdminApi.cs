using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// Registers and maps the admin API (<see cref="DispatcherEndpoints"/>), its OpenAPI document at
/// <c>/openapi/v1.json</c> and the status page. Every error of the silo's HTTP surface is a
/// problem detail, including routes that do not exist, wrong methods and exceptions.
/// </summary>
internal static class AdminApi
{
    public const string OpenApiPath = "/openapi/v1.json";

    public const int MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddAdminApi(this IServiceCollection services, AdminOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => AdminToken.Create(options));
        services.AddSingleton<AdminRequestBody>();
        services.AddSingleton<DispatcherGateway>();
        services.AddHostedService<PingActiveStarter>();
        // Nothing on the silo takes a body larger than an admin change; Kestrel's 30 MB default only invites floods.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = FrameworkProblems.Customize);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "OrleansLB admin API",
                Version = "v1",
                Description = "Kamailio's dispatcher.* RPC over HTTP. Changes need `Authorization: Bearer <Admin:Token>`; reads are open on loopback. Every error is an RFC 9457 problem (application/problem+json) with `field` and `value` where one was at fault.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "Admin:Token (generated into ./data/admin.token when not configured)",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            return Task.CompletedTask;
        }));
        return services;
    }

    public static WebApplication MapAdminApi(this WebApplication app)
    {
        // Made now, not on the first request: a generated token must be on disk before anyone needs it.
        var token = app.Services.GetRequiredService<AdminToken>();
        if (token.GeneratedFile is { } file)
        {
            AdminLog.TokenGenerated(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminApi).FullName!), file);
        }

        // The whole HTTP surface, not only /api: a script probing /healthz with the wrong method or
        // a mistyped path gets the same kind of answer as one calling the admin API.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Kestrel's own refusals (body too large, bad framing) keep their status instead of becoming 500s.
            StatusCodeSelector = e => e is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.MapDispatcherEndpoints();
        app.MapOpenApi(OpenApiPath);
        app.MapStatusPage();
        return app;
    }
}
