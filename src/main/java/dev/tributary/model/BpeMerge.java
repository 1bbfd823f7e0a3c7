package dev.tributary.model;

/**
 * One learned merge: two adjacent tokens that become one. Both sides are written in the
 * byte-level alphabet, so neither contains a space and the pair can be stored as {@code "a b"}.
 *
 * @param left the first token
 * @param right the token that follows it
 */
public record BpeMerge(String left, String right) {

    /** Returns the merge in the {@code "left right"} form that {@code tokenizer.json} stores. */
    public String joined() {
        return left + " " + right;
    }

    /** Returns the token the merge produces. */
    public String result() {
        return left + right;
    }
}
