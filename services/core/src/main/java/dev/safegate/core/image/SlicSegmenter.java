package dev.safegate.core.image;

import boofcv.abst.segmentation.ImageSuperpixels;
import boofcv.factory.segmentation.ConfigSlic;
import boofcv.factory.segmentation.FactoryImageSegmentation;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.GrayS32;
import boofcv.struct.image.ImageType;
import boofcv.struct.image.Planar;

/**
 * SLIC superpixels (Achanta et al., 2012) computed by BoofCV: k-means over colour and position seeded on a grid of
 * about {@code superpixels} cells, so segments follow colour edges and have similar sizes. BoofCV is a maintained
 * imaging library with a tested SLIC, so SafeGate does not carry its own. Not thread-safe (BoofCV keeps work
 * buffers): one segmenter per thread.
 *
 * @see SlicSettings
 */
public final class SlicSegmenter {
    private final ImageSuperpixels<Planar<GrayF32>> slic;

    public SlicSegmenter(SlicSettings settings) {
        ConfigSlic config = new ConfigSlic(settings.superpixels(), settings.compactness());
        this.slic = FactoryImageSegmentation.slic(config, ImageType.pl(3, GrayF32.class));
    }

    public Superpixels segment(RgbImage image) {
        int width = image.width();
        int height = image.height();
        Planar<GrayF32> planar = new Planar<>(GrayF32.class, width, height, 3);
        float[] red = planar.getBand(0).data;
        float[] green = planar.getBand(1).data;
        float[] blue = planar.getBand(2).data;
        for (int i = 0; i < width * height; i++) {
            int rgb = image.rgb(i);
            red[i] = (rgb >> 16) & 0xFF;
            green[i] = (rgb >> 8) & 0xFF;
            blue[i] = rgb & 0xFF;
        }
        GrayS32 labels = new GrayS32(width, height);
        slic.segment(planar, labels);
        return new Superpixels(width, height, labels.data.clone(), slic.getTotalSuperpixels());
    }
}
