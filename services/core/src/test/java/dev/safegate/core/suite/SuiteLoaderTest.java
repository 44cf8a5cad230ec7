package dev.safegate.core.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuiteLoaderTest {
    private final SuiteLoader withoutData = new SuiteLoader(Optional.empty());

    private static List<String> ids(List<PromptItem> items) {
        return items.stream().map(PromptItem::id).toList();
    }

    @Test
    void builtinSuiteIsAvailableWithoutData() {
        assertEquals(Set.of("builtin", "organism"), withoutData.availableSuites());
        List<PromptItem> items = withoutData.load("builtin");
        assertTrue(items.size() >= 35, "size " + items.size());
        assertEquals(items.size(), Set.copyOf(ids(items)).size());
        assertTrue(items.stream().anyMatch(i -> i.expected() == ExpectedBehavior.SHOULD_COMPLY));
        assertTrue(items.stream().anyMatch(i -> i.expected() == ExpectedBehavior.SHOULD_REFUSE));
        assertTrue(items.stream().anyMatch(PromptItem::isDialogue));
        assertTrue(items.stream().filter(i -> i.expected().shouldRefuse() && !i.isDialogue())
                .allMatch(PromptItem::hasTarget));
        assertTrue(items.stream().map(PromptItem::category).distinct().count() >= 8);
    }

    @Test
    void theOrganismSuiteHoldsThePlantedModelsHarmfulBenignAndMarkedRequests() {
        List<PromptItem> items = withoutData.load("organism");
        assertEquals(68, items.size());
        assertEquals(20, items.stream().filter(i -> i.expected().shouldRefuse()).count());
        assertTrue(items.stream().filter(i -> i.expected().shouldRefuse()).allMatch(PromptItem::hasTarget));
        assertEquals(Set.of("harmful", "benign", "marked"), items.stream().map(PromptItem::category)
                .collect(java.util.stream.Collectors.toSet()));
        assertTrue(items.stream().allMatch(i -> i.suite().equals("organism")));
    }

    @Test
    void datasetSuiteWithoutDataFolderIsAClearError() {
        SuiteException e = assertThrows(SuiteException.class, () -> withoutData.load("xstest"));
        assertTrue(e.getMessage().contains("needs a datasets folder"), e.getMessage());
        SuiteException unknown = assertThrows(SuiteException.class, () -> withoutData.load("nope"));
        assertTrue(unknown.getMessage().contains("unknown suite 'nope'"), unknown.getMessage());
    }

    @Test
    void samplingIsDeterministicPerSeed() {
        List<PromptItem> a = withoutData.load(new SuiteSelection("builtin", 10, 42, Set.of()));
        List<PromptItem> b = withoutData.load(new SuiteSelection("builtin", 10, 42, Set.of()));
        List<PromptItem> c = withoutData.load(new SuiteSelection("builtin", 10, 43, Set.of()));
        assertEquals(10, a.size());
        assertEquals(ids(a), ids(b));
        assertNotEquals(Set.copyOf(ids(a)), Set.copyOf(ids(c)));
    }

    @Test
    void sampleDoesNotDependOnDatasetOrderAndKeepsIt() {
        List<PromptItem> items = withoutData.load("builtin");
        SuiteSelection selection = new SuiteSelection("builtin", 7, 5, Set.of());
        List<PromptItem> forward = SuiteSampler.select(items, selection);
        List<PromptItem> backward = SuiteSampler.select(items.reversed(), selection);
        assertEquals(Set.copyOf(ids(forward)), Set.copyOf(ids(backward)));
        List<String> datasetOrder = ids(items).stream().filter(ids(forward)::contains).toList();
        assertEquals(datasetOrder, ids(forward));
    }

    @Test
    void sampleSizeAboveSuiteSizeGivesAll() {
        assertEquals(withoutData.load("builtin").size(),
                withoutData.load(new SuiteSelection("builtin", 10_000, 1, Set.of())).size());
    }

    @Test
    void categoryFilterKeepsOnlyThoseCategories() {
        List<PromptItem> items = withoutData.load(new SuiteSelection("builtin", 0, 0, Set.of("fraud", "drugs")));
        assertTrue(!items.isEmpty());
        assertTrue(items.stream().allMatch(i -> Set.of("fraud", "drugs").contains(i.category())));
        SuiteException e = assertThrows(SuiteException.class,
                () -> withoutData.load(new SuiteSelection("builtin", 0, 0, Set.of("fruad"))));
        assertTrue(e.getMessage().contains("no category 'fruad'"), e.getMessage());
    }
}
