package com.example.units;

import java.util.Map;
import java.util.TreeMap;

/** Linear unit conversions through a base unit per dimension, plus temperatures. */
public final class Units {
    private record Unit(String dimension, double toBase) {}

    private static final Map<String, Unit> UNITS = new TreeMap<>();

    static {
        length("m", 1.0);
        length("km", 1000.0);
        length("cm", 0.01);
        length("mi", 1609.344);
        length("ft", 0.3048);
        length("in", 0.0254);
        mass("kg", 1.0);
        mass("g", 0.001);
        mass("lb", 0.45359237);
        mass("oz", 0.028349523125);
        volume("l", 1.0);
        volume("ml", 0.001);
        volume("gal", 3.785411784);
        volume("cup", 0.2365882365);
    }

    private static void length(String name, double f) { UNITS.put(name, new Unit("length", f)); }
    private static void mass(String name, double f) { UNITS.put(name, new Unit("mass", f)); }
    private static void volume(String name, double f) { UNITS.put(name, new Unit("volume", f)); }

    private Units() {}

    public static Iterable<String> names() {
        return UNITS.keySet();
    }

    public static String dimension(String unit) {
        if (isTemperature(unit)) return "temperature";
        Unit u = UNITS.get(unit);
        return u == null ? null : u.dimension();
    }

    private static boolean isTemperature(String unit) {
        return unit.equals("C") || unit.equals("F") || unit.equals("K");
    }

    /** Converts value from one unit to another; throws IllegalArgumentException on a mismatch. */
    public static double convert(double value, String from, String to) {
        if (isTemperature(from) && isTemperature(to)) {
            double kelvin = switch (from) {
                case "C" -> value + 273.15;
                case "F" -> (value - 32) * 5 / 9 + 273.15;
                default -> value;
            };
            return switch (to) {
                case "C" -> kelvin - 273.15;
                case "F" -> (kelvin - 273.15) * 9 / 5 + 32;
                default -> kelvin;
            };
        }
        Unit a = UNITS.get(from);
        Unit b = UNITS.get(to);
        if (a == null || b == null) {
            throw new IllegalArgumentException("unknown unit: " + (a == null ? from : to));
        }
        if (!a.dimension().equals(b.dimension())) {
            throw new IllegalArgumentException("cannot convert " + a.dimension() + " to " + b.dimension());
        }
        return value * a.toBase() / b.toBase();
    }
}
