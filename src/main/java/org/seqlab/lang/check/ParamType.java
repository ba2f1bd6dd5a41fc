package org.seqlab.lang.check;

import java.util.List;
import java.util.function.DoublePredicate;
import org.seqlab.lang.ast.Value;

/**
 * What a parameter accepts, with the words used when it is wrong: "hidden must be a positive
 * whole number". {@link #problem} returns null when the value fits.
 */
public abstract class ParamType {

    /** "a positive whole number", used in messages and :help. */
    public abstract String describe();

    /** Why {@code v} does not fit, as the end of "NAME must be ..."; null when it fits. */
    public abstract String problem(Value v);

    /** Words this type accepts (for completion and did-you-mean); empty when not a choice. */
    public List<String> choices() {
        return List.of();
    }

    /** Sizes and counts: whole numbers from {@code min} up to 2,147,483,647 (what an array can be indexed by). */
    public static ParamType integer(String describe, long min) {
        ParamType whole = number(describe, true, x -> x >= min);
        return new ParamType() {
            public String describe() {
                return describe;
            }

            public String problem(Value v) {
                String p = whole.problem(v);
                if (p == null && ((Value.Num) v).value() > Integer.MAX_VALUE) {
                    return describe + " up to 2,147,483,647";
                }
                return p;
            }
        };
    }

    public static ParamType number(String describe, boolean whole, DoublePredicate ok) {
        return new ParamType() {
            public String describe() {
                return describe;
            }

            public String problem(Value v) {
                if (v instanceof Value.Num n && Double.isInfinite(n.value())) {
                    return describe + " and at most about 1.8e308";
                }
                if (!(v instanceof Value.Num n) || (whole && !n.isInteger()) || !ok.test(n.value())) {
                    return describe;
                }
                return null;
            }
        };
    }

    public static final ParamType POSITIVE_INT = integer("a positive whole number", 1);
    public static final ParamType NON_NEGATIVE_INT = integer("a whole number, 0 or more", 0);
    public static final ParamType INT = number("a whole number", true, x -> true);
    public static final ParamType POSITIVE = number("a number greater than 0", false, x -> x > 0);
    public static final ParamType NON_NEGATIVE = number("a number, 0 or more", false, x -> x >= 0);
    public static final ParamType ANY_NUMBER = number("a number", false, x -> true);
    /** dropout, momentum: [0, 1). */
    public static final ParamType FRACTION = number("a number from 0 up to (not including) 1", false,
            x -> x >= 0 && x < 1);
    /** split, masking rate: (0, 1). */
    public static final ParamType OPEN_UNIT = number("a number between 0 and 1 (not 0, not 1)", false,
            x -> x > 0 && x < 1);
    /** top_p: (0, 1]. */
    public static final ParamType UPPER_UNIT = number("a number greater than 0, at most 1", false,
            x -> x > 0 && x <= 1);
    public static final ParamType UNIT = number("a number from 0 to 1", false, x -> x >= 0 && x <= 1);

    public static final ParamType STRING = new ParamType() {
        public String describe() {
            return "a string";
        }

        public String problem(Value v) {
            return v instanceof Value.Str ? null : describe();
        }
    };

    /** A file: a string or a bare path (or a plain word such as {@code corpus} for corpus.txt-less names). */
    public static final ParamType FILE = new ParamType() {
        public String describe() {
            return "a file name";
        }

        public String problem(Value v) {
            return v instanceof Value.Str || v instanceof Value.Path ? null : "a file name (a string or a path)";
        }
    };

    /** Pretrained vectors: a file (a string or a path), or the name of word vectors made by {@code vectors NAME = ...}. */
    public static final ParamType VECTORS = new ParamType() {
        public String describe() {
            return "a vectors file or the name of word vectors";
        }

        public String problem(Value v) {
            return v instanceof Value.Str || v instanceof Value.Path || v instanceof Value.Word ? null
                    : "a file name (a string or a path) or the name of word vectors made by 'vectors'";
        }
    };

    /** A name, as in {@code column=close}; strings are accepted too. */
    public static final ParamType NAME = new ParamType() {
        public String describe() {
            return "a name";
        }

        public String problem(Value v) {
            return v instanceof Value.Word || v instanceof Value.Str ? null : describe();
        }
    };

    /** One of a few words: {@code activation=tanh|relu}. */
    public static ParamType choice(String... words) {
        List<String> list = List.of(words);
        return new ParamType() {
            public String describe() {
                return "one of " + String.join(", ", list);
            }

            public String problem(Value v) {
                String text = v instanceof Value.Word w ? w.name() : v instanceof Value.Str s ? s.value() : null;
                return text != null && list.contains(text) ? null : describe();
            }

            public List<String> choices() {
                return list;
            }
        };
    }

    /** A number of the given type, or one of some words: {@code teacher_forcing=0.5|scheduled}, {@code head=all}. */
    public static ParamType numberOr(ParamType number, String... words) {
        ParamType w = choice(words);
        return new ParamType() {
            public String describe() {
                return number.describe() + " or " + String.join(", ", words);
            }

            public String problem(Value v) {
                return (v instanceof Value.Num ? number.problem(v) : w.problem(v)) == null ? null : describe();
            }

            public List<String> choices() {
                return w.choices();
            }
        };
    }

    /** One value of {@code item} or a comma list of them: {@code length=10,20,50}. */
    public static ParamType listOf(ParamType item) {
        return new ParamType() {
            public String describe() {
                return item.describe() + " or a list of them";
            }

            public String problem(Value v) {
                if (v instanceof Value.ListV list) {
                    for (Value x : list.items()) {
                        if (item.problem(x) != null) {
                            return "a list of " + item.describe().replaceFirst("^an? ", "") + "s";
                        }
                    }
                    return null;
                }
                return item.problem(v);
            }
        };
    }
}
