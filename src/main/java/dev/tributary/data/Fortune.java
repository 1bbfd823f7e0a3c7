package dev.tributary.data;

import java.util.Objects;

/** One quote from a fortune file; the category is the name of the file it came from. */
public record Fortune(String category, String text) {

    public Fortune {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(text, "text");
    }
}
