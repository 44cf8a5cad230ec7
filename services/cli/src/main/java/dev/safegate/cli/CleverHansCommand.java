package dev.safegate.cli;

import dev.safegate.core.image.CleverHansDataset;
import dev.safegate.core.image.ImageSet;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes the procedurally generated Clever Hans image set (PNG files and regions.json). */
@Command(name = "clever-hans", mixinStandardHelpOptions = true,
        description = "Write the generated Clever Hans image set: light shapes on coloured backgrounds, with their"
                + " masks in regions.json (training split: colour goes with the class; audit split: it does not).")
class CleverHansCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "folder to write into")
    Path out;

    @Option(names = "--split", defaultValue = "audit", description = "audit or training (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--count", defaultValue = "60", description = "images (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", defaultValue = "7", description = "default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--size", defaultValue = "64", description = "width and height in pixels (default ${DEFAULT-VALUE})")
    int size;

    @Override
    public Integer call() {
        var samples = CleverHansDataset.generate(CleverHansDataset.Split.parse(split), count, seed, size);
        ImageSet.write(out, samples.stream()
                .map(s -> new ImageSet.LabelledImage(s.imageId(), s.image(), s.label(), s.region())).toList());
        System.err.printf("wrote %d images and %s%n", samples.size(), out.resolve("regions.json"));
        return 0;
    }
}
