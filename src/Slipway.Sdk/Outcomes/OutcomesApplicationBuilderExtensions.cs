using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Slipway.Sdk.Outcomes;

public static class OutcomesApplicationBuilderExtensions
{
    /// <summary>
    /// Counts, per flag and variant that a request was served, how the request ended (status class and duration) and
    /// the goals it reached, and sends the counts with the exposures. Add it early, before the endpoints.
    /// </summary>
    public static IApplicationBuilder UseSlipwayOutcomes(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var recorder = app.ApplicationServices.GetRequiredService<OutcomeRecorder>();
        recorder.Enabled = true;
        return app.Use(recorder.InvokeAsync);
    }
}
