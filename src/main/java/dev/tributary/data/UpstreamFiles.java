package dev.tributary.data;

import java.net.URI;
import java.util.List;

/**
 * Where the demo's data sets are published and the hashes their files must have. Used only on
 * machines without the Debian packages; a file whose hash differs is refused, so a changed or
 * tampered mirror fails loudly instead of feeding the demo unknown data.
 */
public final class UpstreamFiles {

    /**
     * The Fashion-MNIST project's own download location. It is an S3 website endpoint, which
     * serves plain HTTP only; integrity rests on the pinned SHA-256 of every file.
     */
    public static final URI FASHION_MNIST_SOURCE =
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /** The four files, hashed as published by the project: after decompression. */
    public static final List<RemoteFile> FASHION_MNIST_FILES = List.of(
            RemoteFile.gzipped("train-images-idx3-ubyte.gz",
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            RemoteFile.gzipped("train-labels-idx1-ubyte.gz",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            RemoteFile.gzipped("t10k-images-idx3-ubyte.gz",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            RemoteFile.gzipped("t10k-labels-idx1-ubyte.gz",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    /**
     * Raw files of the fortune-mod repository at a fixed tag. This path could not be tried
     * where it was written (no network there): the hashes below are of Debian's
     * {@code fortunes} 1.99.1 package, and if upstream has edited a file since, verification
     * refuses it and the error names the file; pass a directory of fortune files instead.
     */
    public static final URI FORTUNES_SOURCE = URI.create(
            "https://raw.githubusercontent.com/shlomif/fortune-mod/fortune-mod-3.24.0/"
                    + "fortune-mod/datfiles/");

    /** The ten largest categories, about 8,400 quotes: plenty for a demo language model. */
    public static final List<RemoteFile> FORTUNE_FILES = List.of(
            RemoteFile.plain("computers",
                    "a86be224d9f733b88eeaf8a46ea0427e05cc69c69edcf5f6db47ddf561ca37fd"),
            RemoteFile.plain("cookie",
                    "5dc97eee96dcc5287c373be629482730d45f77b59da1287933c9c5f482a055eb"),
            RemoteFile.plain("definitions",
                    "57be4744c353d931fa2ca95f50215d4b67539f5a527ae628a6441fb4a1258caa"),
            RemoteFile.plain("knghtbrd",
                    "c25e8373b38a6f159a7b1d336f363d5c962224a6ddcc86279dec47aad3c869b3"),
            RemoteFile.plain("men-women",
                    "8fc4eb68a8d16826372d9bfdc910c8ab917b8aa59e2aac533f3ec2b49a1314ba"),
            RemoteFile.plain("people",
                    "2afb4b9f577be114d2dca279bc5590ee8415e1405295d7d7626c888d82f338e8"),
            RemoteFile.plain("politics",
                    "b56ca45a046edd5c459090a5c6b335332661b436e814b41ac87bb58065ad6131"),
            RemoteFile.plain("science",
                    "7ab350b142ee6c70c1d8517c5a1b3790c09b190a62859427cad98e6e35a19fcc"),
            RemoteFile.plain("songs-poems",
                    "eb714d297b468da91b6ca32baefb000279a3e3740b09f8a87db24fe58e010b1a"),
            RemoteFile.plain("work",
                    "ad8a0e104160e2c4782fa86e143cd60ffab2872985d4293ffd0af6df19dbfa28"));

    private UpstreamFiles() {
    }
}
