package dev.safegate.results.image;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The image audit report as JSON: measures per cell, and each image's explanation beside the baseline's. */
@Path("/api/v1/runs/{id}/image-audit")
@Produces(MediaType.APPLICATION_JSON)
public class ImageAuditResource {
    private final ImageAuditReports reports;

    public ImageAuditResource(ImageAuditReports reports) {
        this.reports = reports;
    }

    @GET
    public ImageAuditViews.Report report(@PathParam("id") String id) {
        return reports.report(id);
    }
}
