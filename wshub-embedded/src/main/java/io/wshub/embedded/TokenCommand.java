package io.wshub.embedded;

import io.wshub.config.Settings;
import io.wshub.security.Identity;
import io.wshub.security.TokenSigner;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar wshub-embedded.jar token --sub alice --rooms 'lobby,team-*' --ttl 1h}: prints a token signed with
 * the configured {@code token-secret} (and the configured {@code token-issuer} and {@code token-audience}), for trying
 * {@code auth=token} without a login service of one's own.
 */
final class TokenCommand {

    static final String NAME = "token";
    static final String USAGE = NAME + " --sub USER [--rooms 'lobby,team-*'] [--publish 'news,sport-*'] [--admin] "
            + "[--ttl 1h]   (signs with WSHUB_TOKEN_SECRET)";

    private static final Pattern TTL = Pattern.compile("(\\d{1,9})([smhd])");
    private static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private final Settings settings;
    private final PrintStream out;
    private final PrintStream err;

    TokenCommand(Settings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /** @return the process's exit status: 0 when a token was printed, 2 for a usage error, 1 without a secret */
    int run(String[] args) {
        String subject = null;
        List<String> rooms = List.of();
        List<String> publish = List.of();
        boolean admin = false;
        Duration ttl = DEFAULT_TTL;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--sub" -> subject = value(args, ++i);
                    case "--rooms" -> rooms = list(value(args, ++i));
                    case "--publish" -> publish = list(value(args, ++i));
                    case "--admin" -> admin = true;
                    case "--ttl" -> ttl = ttl(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option: " + args[i]);
                }
            }
            if (subject == null) {
                throw new IllegalArgumentException("--sub is required");
            }
            if (!Identity.isUsableName(subject)) {
                throw new IllegalArgumentException("--sub must be " + Identity.USABLE_NAME_RULE
                        + ": the server would refuse the token");
            }
        } catch (IllegalArgumentException e) {
            err.println("wshub token: " + e.getMessage());
            err.println("usage: java -jar wshub-embedded.jar " + USAGE);
            return 2;
        }
        TokenSigner signer;
        try {
            Optional<String> secret = settings.tokenSecret();
            if (secret.isEmpty()) {
                err.println("wshub token: set WSHUB_TOKEN_SECRET (at least " + Settings.MIN_SECRET_BYTES
                        + " bytes), the secret the server verifies tokens with");
                return 1;
            }
            signer = new TokenSigner(secret.get(), settings.tokenIssuer(), settings.tokenAudience());
        } catch (IllegalStateException invalidSetting) {
            err.println("wshub token: " + invalidSetting.getMessage());
            return 1;
        }
        out.println(signer.sign(subject, new TokenSigner.Grant(rooms, publish, admin), Instant.now(), ttl));
        return 0;
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).toList();
    }

    private static Duration ttl(String value) {
        Matcher matcher = TTL.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--ttl takes a number and s, m, h or d, such as 90s or 1h, not "
                    + value);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
