package dev.lexray.text;

/** Test access to {@link SubwordEncoder}'s package-private helpers from other packages. */
public final class SubwordEncoderAccess {
    private SubwordEncoderAccess() {}

    public static String withoutLoneSurrogates(String text) {
        return SubwordEncoder.withoutLoneSurrogates(text);
    }
}
