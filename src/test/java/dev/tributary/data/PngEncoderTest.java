package dev.tributary.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

    @Test
    void encodedGrayImageReadsBackAsTheSamePixels() throws IOException {
        byte[] pixels = TestImages.noiseGray(5, 3, 9);

        byte[] png = PngEncoder.encodeGray(pixels, 3, 5);
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(png));

        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(read.getWidth()).isEqualTo(5);
        assertThat(read.getHeight()).isEqualTo(3);
        assertThat((byte[]) read.getRaster().getDataElements(0, 0, 5, 3, null))
                .containsExactly(pixels);
    }

    @Test
    void pixelCountMustMatchTheShape() {
        assertThatThrownBy(() -> PngEncoder.encodeGray(new byte[10], 3, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
