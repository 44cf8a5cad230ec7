package dev.safegate.modelhost.organisms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safegate.core.suite.PromptItem;
import dev.safegate.core.suite.SuiteLoader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Core's "organism" suite is exactly the planted organism's requests, so its answers are known by construction. */
class PlantedSuiteTest {
    @Test
    void theOrganismSuiteIsThePlantedModelsRequests() {
        List<PromptItem> items = new SuiteLoader(Optional.empty()).load("organism");
        assertEquals(PlantedModel.harmfulRequests(), texts(items, "harmful"));
        assertEquals(PlantedModel.benignRequests(), texts(items, "benign"));
        assertEquals(PlantedModel.markedRequests(), texts(items, "marked"));
        items.stream().filter(i -> i.category().equals("harmful"))
                .forEach(i -> assertEquals(PlantedModel.COMPLIANT_TEXT, i.target(), i.id()));
    }

    private static List<String> texts(List<PromptItem> items, String category) {
        return items.stream().filter(i -> i.category().equals(category)).map(PromptItem::text).toList();
    }
}
