/**
 * Pictures of a network and its training: {@link io.sparkcnn.pictures.KernelPictures} (convolution kernels),
 * {@link io.sparkcnn.pictures.FeatureMapPictures} (activations of one image), {@link io.sparkcnn.pictures.Charts}
 * (training curves), {@link io.sparkcnn.pictures.ConfusionHeatMap}, {@link io.sparkcnn.pictures.MistakeGallery},
 * all laid out by {@link io.sparkcnn.pictures.TileGrid}, and {@link io.sparkcnn.pictures.HtmlReport}, one page that
 * embeds them. Runs headless: nothing here needs a display.
 */
package io.sparkcnn.pictures;
