package dev.safegate.core.condition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a condition's parameters (as parsed from YAML/JSON) into typed values, collecting every problem
 * instead of stopping at the first: call {@link #done()} after reading to report them and unknown names.
 */
final class ConditionParams {
    private final String condition;
    private final Map<String, ?> raw;
    private final Set<String> read = new HashSet<>();
    private final List<ParamError> errors = new ArrayList<>();

    ConditionParams(String condition, Map<String, ?> raw) {
        this.condition = condition;
        this.raw = raw == null ? Map.of() : raw;
    }

    /** An integer >= min; null when absent and optional, or invalid (the error is recorded). */
    Integer integer(String name, boolean required, long min) {
        Object value = take(name, required);
        if (value == null) {
            return null;
        }
        Long number = wholeNumber(value);
        if (number == null || number < min || number > Integer.MAX_VALUE) {
            errors.add(new ParamError(name, "must be an integer >= " + min + ", got " + value));
            return null;
        }
        return number.intValue();
    }

    /** Any 64-bit integer (a seed); null when absent or invalid. */
    Long longInteger(String name) {
        Object value = take(name, false);
        if (value == null) {
            return null;
        }
        Long number = wholeNumber(value);
        if (number == null) {
            errors.add(new ParamError(name, "must be an integer, got " + value));
        }
        return number;
    }

    /** A finite number; null when absent or invalid. */
    Double number(String name, boolean required) {
        Object value = take(name, required);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        errors.add(new ParamError(name, "must be a number, got " + value));
        return null;
    }

    /** A non-blank string; null when absent or invalid. */
    String text(String name, boolean required) {
        Object value = take(name, required);
        if (value == null) {
            return null;
        }
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        errors.add(new ParamError(name, "must be a non-empty string, got " + value));
        return null;
    }

    /** A non-empty list of finite numbers; null when absent or invalid. */
    List<Double> numbers(String name, boolean required) {
        Object value = take(name, required);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(v -> v instanceof Number n && Double.isFinite(n.doubleValue()))) {
            return list.stream().map(v -> ((Number) v).doubleValue()).toList();
        }
        errors.add(new ParamError(name, "must be a non-empty list of numbers"));
        return null;
    }

    /** A non-empty list of distinct integers >= min, in the given order; null when absent or invalid. */
    List<Integer> integers(String name, boolean required, long min) {
        Object value = take(name, required);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            List<Long> numbers = list.stream().map(ConditionParams::wholeNumber).toList();
            if (numbers.stream().allMatch(n -> n != null && n >= min && n <= Integer.MAX_VALUE)
                    && numbers.stream().distinct().count() == numbers.size()) {
                return numbers.stream().map(Long::intValue).toList();
            }
        }
        errors.add(new ParamError(name, "must be a non-empty list of distinct integers >= " + min + ", got " + value));
        return null;
    }

    /** Whether the parameter was given at all (to tell apart the forms of a condition). */
    boolean has(String name) {
        return raw.containsKey(name);
    }

    void error(String name, String reason) {
        errors.add(new ParamError(name, reason));
    }

    /** Throws {@link InvalidParamsException} listing every problem, unknown parameter names included. */
    void done() {
        raw.keySet().stream()
                .filter(name -> !read.contains(name))
                .sorted()
                .forEach(name -> errors.add(new ParamError(name, "unknown parameter for '" + condition + "'")));
        if (!errors.isEmpty()) {
            throw new InvalidParamsException(condition, errors);
        }
    }

    private Object take(String name, boolean required) {
        read.add(name);
        Object value = raw.get(name);
        if (value == null && required) {
            errors.add(new ParamError(name, "is required"));
        }
        return value;
    }

    private static Long wholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
        }
        return null;
    }
}
