package dev.tributary.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.data.FashionMnist.Split;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir
    Path dir;

    @Test
    void loadsUngzippedFilesWithLabelsAndNames() throws IOException {
        IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(12, 4, 4), false);
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(12), false);

        FashionMnist test = FashionMnist.load(dir, Split.TEST);

        assertThat(test.count()).isEqualTo(12);
        assertThat(test.rows()).isEqualTo(4);
        assertThat(test.pixels(0)).hasSize(16);
        assertThat(test.label(9)).isEqualTo(9);
        assertThat(test.labelName(9)).isEqualTo("Ankle boot");
    }

    @Test
    void missingFileNamesFileAndDirectory() throws IOException {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.images(2, 2, 2), true);

        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TRAIN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("train-labels-idx1-ubyte.gz")
                .hasMessageContaining(dir.toString());
    }

    @Test
    void labelCountMustMatchImageCount() throws IOException {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.images(3, 2, 2), true);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.labels(4), true);

        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TRAIN))
                .hasMessageContaining("3 images but 4 labels");
    }

    @Test
    void classNamesAreTheTenPublishedOnesInLabelOrder() {
        assertThat(FashionMnist.CLASS_NAMES).containsExactly("T-shirt/top", "Trouser",
                "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        assertThat(FashionMnist.className(0)).isEqualTo("T-shirt/top");
    }

    @Test
    void debianPackageHoldsSixtyThousandTrainingAndTenThousandTestImages() throws IOException {
        assumeTrue(FashionMnist.isPresentIn(FashionMnist.DEFAULT_DIRECTORY),
                "dataset-fashion-mnist is not installed");

        FashionMnist train = FashionMnist.load(Split.TRAIN);
        FashionMnist test = FashionMnist.load(Split.TEST);

        assertThat(train.count()).isEqualTo(60_000);
        assertThat(test.count()).isEqualTo(10_000);
        assertThat(train.rows()).isEqualTo(28);
        assertThat(train.cols()).isEqualTo(28);
        assertThat(train.label(0)).isEqualTo(9); // the first training image is an ankle boot
        assertThat(test.pixels(9_999)).hasSize(784);
    }
}
