package dev.safegate.results.image;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The HTML page of an image audit run: the decision, the measures per class with their intervals, and the flagged
 * images (confident predictions explained mostly outside the object, object shares that fell) with the candidate's
 * explanation beside the baseline's, then every image; and each explanation's overlay PNG.
 */
@Path("/runs/{id}/images")
public class ImageAuditPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance images(ImageAuditViews.Report report, String decisionTitle,
                                              String decisionClass);
    }

    private final ImageAuditReports reports;

    public ImageAuditPage(ImageAuditReports reports) {
        this.reports = reports;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@PathParam("id") String id) {
        ImageAuditViews.Report report = reports.report(id);
        String outcome = report.decision().outcome();
        String title = outcome != null ? outcome
                : report.run().state().equals("COMPLETED") ? "Baseline complete (not gated)"
                : "In progress (" + report.run().state() + ")";
        return Templates.images(report, title, outcome == null ? "pending" : outcome.toLowerCase(java.util.Locale.ROOT));
    }

    @GET
    @Path("{taskId}/overlay.png")
    @Produces("image/png")
    public byte[] overlay(@PathParam("id") String id, @PathParam("taskId") String taskId) {
        return reports.overlay(id, taskId);
    }
}
