using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// Registers and maps the admin API (<see cref="DispatcherEndpoints"/>), its OpenAPI document at
/// <c>/openapi/v1.json</c> and the status page. Everything under <c>/api</c> answers errors as
/// problem details, including routes that do not exist and exceptions.
/// </summary>
internal static class AdminApi
{
    public const string OpenApiPath = "/openapi/v1.json";

    public static IServiceCollection AddAdminApi(this IServiceCollection services, AdminOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => AdminToken.Create(options));
        services.AddSingleton<AdminRequestBody>();
        services.AddSingleton<DispatcherGateway>();
        services.AddHostedService<PingActiveStarter>();
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

        app.UseWhen(
            http => http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
            api =>
            {
                api.UseExceptionHandler();
                api.UseStatusCodePages();
            });
        app.MapDispatcherEndpoints();
        app.MapOpenApi(OpenApiPath);
        app.MapStatusPage();
        return app;
    }
}
