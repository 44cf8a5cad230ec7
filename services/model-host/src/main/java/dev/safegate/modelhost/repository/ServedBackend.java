package dev.safegate.modelhost.repository;

/** What serves one loaded model version: a text generator ({@code LlmBackend}) or an image classifier. */
public interface ServedBackend extends AutoCloseable {

    /** Triton's backend name for this model, served in its configuration and metadata. */
    String backendName();

    @Override
    void close();
}
