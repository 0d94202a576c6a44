using System.Globalization;

namespace Gamity.Sandbox.Conformance;

/// <summary>What <c>conformance</c> was told on its command line (docs/conformance.md lists every option).</summary>
public sealed record ConformanceSettings
{
    public required Uri Target { get; init; }

    /// <summary>The X-API-Key Gamity presents on payouts and debits (the deployment's <c>Inbound__ApiKeys__N</c>).</summary>
    public required string ApiKey { get; init; }

    /// <summary><c>Admin__ApiKey</c>: lets checks verify through the operator view (<c>GET /api/payouts/{ref}</c>).</summary>
    public string? AdminKey { get; init; }

    /// <summary>The sandbox the deployment's wallet is (its <c>/sandbox/wallet/...</c> control routes).</summary>
    public Uri? WalletControl { get; init; }

    /// <summary>Test players to use, instead of players the kit creates in the sandbox wallet.</summary>
    public IReadOnlyList<TestPlayer> Players { get; init; } = [];

    /// <summary>Brand of the players the kit creates, and of the rounds and tokens it asks for.</summary>
    public string Brand { get; init; } = "conformance-brand";

    public string Currency { get; init; } = "EUR";

    public string GameId { get; init; } = "CONFORMANCE_GAME";

    public string? RoundsKey { get; init; }

    /// <summary>A <c>PlayerTokens__CallerApiKeys__N</c> key.</summary>
    public string? TokenCallerKey { get; init; }

    /// <summary>What verifies the player token: an HS256 base64 secret, or a PEM file (public or private key) for RS256/ES256.</summary>
    public string? TokenKey { get; init; }

    public string TokenAlgorithm { get; init; } = "HS256";

    /// <summary>The deployment's <c>Wallet__DebitRollbackAfter</c>; the rollback check runs only when it is given.</summary>
    public TimeSpan? DebitRollbackAfter { get; init; }

    /// <summary>Gamity's retry interval (5 minutes in production), compressed.</summary>
    public TimeSpan GamityRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the wallet-outage check keeps the sandbox wallet down.</summary>
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Names of checks or groups to run (empty = all).</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public string? ReportPath { get; init; }

    /// <summary>What the deployment answers (its <c>Responses__*</c>, assumptions W1–W2).</summary>
    public ExpectedAnswers Answers { get; init; } = new();

    public const string Usage = """
        usage: conformance --target <base url> --api-key <inbound key> [options]
          --admin-key <key>              Admin__ApiKey: verify through the operator view
          --wallet-control <sandbox url> the deployment's wallet is this sandbox: fault checks, wallet verification
          --players brand:player,...     test players to use (default: players created in the sandbox wallet)
          --brand <id> --currency <ISO> --game <id>
          --rounds-key <key>             Rounds__ApiKeys__N: the rounds checks
          --token-caller-key <key>       PlayerTokens__CallerApiKeys__N: the player-token checks
          --token-key <secret|pem file>  verifies the player token (HS256 base64 secret, or a PEM key for RS256/ES256)
          --token-algorithm HS256|RS256|ES256
          --debit-rollback-after <hh:mm:ss>  the deployment's Wallet__DebitRollbackAfter: the rollback check
          --gamity-retry-interval <hh:mm:ss> Gamity's retry interval, compressed (default 00:00:01)
          --outage <hh:mm:ss>            how long the outage check keeps the wallet down (default 00:00:05)
          --transaction-id-field <name>  Responses__TransactionIdField (default transactionId)
          --only <check|group>,...       e.g. payouts,debits or payouts.repeat
          --report <file.json>           every check, what it sent and what it saw
        """;

    /// <summary>Reads the command line; null and the reasons when it is wrong.</summary>
    public static ConformanceSettings? Parse(IReadOnlyList<string> args, out List<string> errors)
    {
        errors = [];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                errors.Add($"'{args[i]}' is not an option with a value.");
                continue;
            }

            if (!Known.Contains(args[i]))
            {
                errors.Add($"unknown option {args[i]}.");
            }

            values[args[i]] = args[++i];
        }

        var target = Absolute(values, "--target", errors, required: true);
        if (!values.TryGetValue("--api-key", out var apiKey) || apiKey.Length == 0)
        {
            errors.Add("--api-key is required (the deployment's Inbound__ApiKeys__N).");
        }

        var walletControl = Absolute(values, "--wallet-control", errors, required: false);
        var players = ParsePlayers(values.GetValueOrDefault("--players"), errors);
        var algorithm = values.GetValueOrDefault("--token-algorithm", "HS256");
        if (algorithm is not ("HS256" or "RS256" or "ES256"))
        {
            errors.Add("--token-algorithm must be HS256, RS256 or ES256.");
        }

        var settings = errors.Count > 0 ? null : new ConformanceSettings
        {
            Target = target!,
            ApiKey = apiKey!,
            AdminKey = values.GetValueOrDefault("--admin-key"),
            WalletControl = walletControl,
            Players = players,
            Brand = values.GetValueOrDefault("--brand", "conformance-brand"),
            Currency = values.GetValueOrDefault("--currency", "EUR"),
            GameId = values.GetValueOrDefault("--game", "CONFORMANCE_GAME"),
            RoundsKey = values.GetValueOrDefault("--rounds-key"),
            TokenCallerKey = values.GetValueOrDefault("--token-caller-key"),
            TokenKey = values.GetValueOrDefault("--token-key"),
            TokenAlgorithm = algorithm,
            DebitRollbackAfter = Duration(values, "--debit-rollback-after", errors),
            GamityRetryInterval = Duration(values, "--gamity-retry-interval", errors) ?? TimeSpan.FromSeconds(1),
            Outage = Duration(values, "--outage", errors) ?? TimeSpan.FromSeconds(5),
            Only = values.TryGetValue("--only", out var only)
                ? new HashSet<string>(only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase)
                : new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            ReportPath = values.GetValueOrDefault("--report"),
            Answers = new ExpectedAnswers { TransactionIdField = values.GetValueOrDefault("--transaction-id-field", "transactionId") },
        };
        return errors.Count > 0 ? null : settings;
    }

    private static readonly HashSet<string> Known =
    [
        "--target", "--api-key", "--admin-key", "--wallet-control", "--players", "--brand", "--currency", "--game", "--rounds-key",
        "--token-caller-key", "--token-key", "--token-algorithm", "--debit-rollback-after", "--gamity-retry-interval", "--outage",
        "--transaction-id-field", "--only", "--report",
    ];

    private static Uri? Absolute(Dictionary<string, string> values, string name, List<string> errors, bool required)
    {
        if (!values.TryGetValue(name, out var text))
        {
            if (required)
            {
                errors.Add($"{name} is required.");
            }

            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        }

        errors.Add($"{name} must be an absolute http or https URL.");
        return null;
    }

    private static TimeSpan? Duration(Dictionary<string, string> values, string name, List<string> errors)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return null;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        errors.Add($"{name} must be a positive duration such as 00:00:05.");
        return null;
    }

    private static List<TestPlayer> ParsePlayers(string? text, List<string> errors)
    {
        var players = new List<TestPlayer>();
        foreach (var item in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':');
            if (parts is [{ Length: > 0 } brand, { Length: > 0 } player])
            {
                players.Add(new TestPlayer(brand, player));
            }
            else
            {
                errors.Add($"--players: '{item}' is not brand:player.");
            }
        }

        return players;
    }
}

/// <summary>A player the kit may move money for.</summary>
public sealed record TestPlayer(string BrandId, string PlayerId);

/// <summary>The answers the kit expects (the product's defaults).</summary>
public sealed record ExpectedAnswers
{
    public string TransactionIdField { get; init; } = "transactionId";
}
