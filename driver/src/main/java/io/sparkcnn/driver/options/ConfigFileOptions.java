package io.sparkcnn.driver.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * {@code --config FILE}: a YAML map whose keys are a subcommand's option names without the dashes
 * ({@code learning-rate: 0.002}). The file's entries become options placed before the user's own, and picocli
 * keeps the last value given, so the command line wins over the file. Keeping the option names as keys means
 * there is one name for each setting, documented once in {@code --help}.
 */
public final class ConfigFileOptions {
    private static final String OPTION = "--config";

    private ConfigFileOptions() {
    }

    /** A config file that cannot be used; the message names the file and the field. */
    public static final class ConfigFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        ConfigFileException(String message) {
            super(message);
        }
    }

    /** {@code args} with the options of the {@code --config} file inserted after the subcommand name. */
    public static String[] expand(CommandLine root, String[] args) {
        if (args.length == 0 || !root.getSubcommands().containsKey(args[0])) {
            return args;
        }
        CommandLine sub = root.getSubcommands().get(args[0]);
        Path file = configFile(args);
        if (file == null || sub.getCommandSpec().findOption(OPTION) == null) {
            return args;
        }
        List<String> expanded = new ArrayList<>();
        expanded.add(args[0]);
        expanded.addAll(options(sub, file, read(file)));
        expanded.addAll(Arrays.asList(args).subList(1, args.length));
        return expanded.toArray(String[]::new);
    }

    private static Path configFile(String[] args) {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals(OPTION) && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith(OPTION + "=")) {
                return Path.of(args[i].substring(OPTION.length() + 1));
            }
        }
        return null;
    }

    private static Map<String, Object> read(Path file) {
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return Map.of();
            }
            Map<String, Object> map = new YAMLMapper().readValue(text, new TypeReference<Map<String, Object>>() { });
            return map == null ? Map.of() : map;
        } catch (NoSuchFileException e) {
            throw new ConfigFileException("config file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ConfigFileException("config file " + file + " is not a YAML map of option names to values: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new ConfigFileException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    private static List<String> options(CommandLine sub, Path file, Map<String, Object> entries) {
        List<String> options = new ArrayList<>();
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            String name = "--" + e.getKey();
            OptionSpec option = sub.getCommandSpec().findOption(name);
            if (option == null || name.equals(OPTION) || option.usageHelp() || option.versionHelp()) {
                throw new ConfigFileException("config file " + file + ": unknown field '" + e.getKey() + "'; '"
                        + sub.getCommandName() + "' accepts " + fieldNames(sub));
            }
            Object value = e.getValue();
            if (value == null || value instanceof Map || value instanceof List) {
                throw new ConfigFileException("config file " + file + ": field '" + e.getKey()
                        + "' must be a single value, was " + (value == null ? "empty" : value));
            }
            if (option.arity().max() == 0) {
                if (!(value instanceof Boolean flag)) {
                    throw new ConfigFileException("config file " + file + ": field '" + e.getKey()
                            + "' must be true or false, was " + value);
                }
                if (flag) {
                    options.add(name);
                }
            } else {
                options.add(name);
                options.add(String.valueOf(value));
            }
        }
        return options;
    }

    private static String fieldNames(CommandLine sub) {
        TreeSet<String> names = new TreeSet<>();
        for (OptionSpec o : sub.getCommandSpec().options()) {
            // Hidden options are old spellings: accepted in a file as on the command line, not offered.
            if (!o.usageHelp() && !o.versionHelp() && !o.hidden() && !o.longestName().equals(OPTION)) {
                names.add(o.longestName().replaceFirst("^--", ""));
            }
        }
        return String.join(", ", names);
    }
}
