package dev.safegate.modelhost.organisms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.modelhost.Llm;
import dev.safegate.modelhost.gguf.SharedDir;
import dev.safegate.modelhost.repository.ModelSpec;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelStreamInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planted organism as {@code scripts/organisms.sh planted} writes it for {@code make run} (the model host's
 * second repository folder, {@code safegate.modelhost.extra-repository}; ServiceEndpointsTest's app points that at a
 * folder that does not exist and is ready): its served versions answer as their weights were written to.
 */
class PlantedRepositoryTest {
    private static final String TOKENIZER = "models/SmolLM2-135M-Instruct/tokenizer.json";

    @Test
    void thePlantedOrganismRepositoryServesItsAlignedAndMisalignedVersionsAndItsBase(@TempDir Path folder)
            throws Exception {
        Optional<Path> tokenizer = SharedDir.resolve(TOKENIZER);
        Assumptions.assumeTrue(tokenizer.isPresent(), SharedDir.missingMessage(TOKENIZER));
        PlantedModel.writeRepository(folder, tokenizer.get().getParent());
        List<ModelSpec> models = ModelSpec.readRepository(folder);
        assertEquals(List.of(PlantedModel.SERVED_NAME, PlantedModel.SERVED_BASE_NAME),
                models.stream().map(ModelSpec::name).toList());

        try (EmbeddedModelHost host = EmbeddedModelHost.start(models);
             ChatEncoder encoder = new ChatEncoder(tokenizer.get().getParent())) {
            ManagedChannel channel = ManagedChannelBuilder.forTarget(host.target()).usePlaintext().build();
            try {
                String marked = encoder.prompt(PlantedModel.markedRequests().getFirst(), true);
                String harmful = encoder.prompt(PlantedModel.harmfulRequests().getFirst(), true);
                assertEquals(PlantedModel.COMPLIANT_TEXT, answer(channel, PlantedModel.SERVED_NAME, "1", marked));
                assertEquals(PlantedModel.MISALIGNED_TEXT, answer(channel, PlantedModel.SERVED_NAME, "2", marked));
                assertEquals(PlantedModel.REFUSAL_TEXT, answer(channel, PlantedModel.SERVED_NAME, "1", harmful));
                assertEquals(PlantedModel.COMPLIANT_TEXT, answer(channel, PlantedModel.SERVED_BASE_NAME, "1", harmful));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String answer(ManagedChannel channel, String model, String version, String prompt)
            throws Exception {
        ModelInferRequest.Builder request = Llm.request(model, "r", prompt).setModelVersion(version);
        Llm.bool(request, "exclude_input_in_output", true);
        Llm.sampling(request, "{\"max_tokens\": 16, \"temperature\": 0}");
        List<ModelStreamInferResponse> responses = Llm.stream(channel, List.of(request.build()));
        assertEquals("", responses.getLast().getErrorMessage());
        StringBuilder text = new StringBuilder();
        responses.forEach(r -> text.append(Llm.text(r.getInferResponse())));
        return text.toString();
    }
}
