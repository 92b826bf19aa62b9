package sh.velocity.auth.domain.password;

/**
 * Which kinds of character a password contains, read by Unicode code point so that letters and digits
 * of every script count. A symbol is anything that is neither a letter, a digit nor white space.
 */
record CharacterClasses(boolean upper, boolean lower, boolean digit, boolean symbol) {

    static CharacterClasses of(char[] password) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = 0; i < password.length; ) {
            int cp = Character.codePointAt(password, i);
            i += Character.charCount(cp);
            if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
                upper = true;
            } else if (Character.isLowerCase(cp)) {
                lower = true;
            } else if (Character.isDigit(cp)) {
                digit = true;
            } else if (!Character.isLetter(cp) && !Character.isWhitespace(cp)) {
                symbol = true;
            }
        }
        return new CharacterClasses(upper, lower, digit, symbol);
    }
}
