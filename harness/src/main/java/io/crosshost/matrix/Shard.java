package io.crosshost.matrix;

/** Shard {@code index} of {@code count} (1-based, as in {@code --shard 2/4}). */
public record Shard(int index, int count) {

    public static final Shard WHOLE = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is K/N with 1 <= K <= N, not " + index + "/" + count);
        }
    }

    /** Parses "K/N". */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/");
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the one message below
        }
        throw new IllegalArgumentException("a shard is K/N with 1 <= K <= N, such as 2/4, not '" + text + "'");
    }

    /** Cells are dealt round-robin in the order of their ids, so shard sizes differ by at most one. */
    public boolean owns(int positionInSortedCells) {
        return positionInSortedCells % count == index - 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
