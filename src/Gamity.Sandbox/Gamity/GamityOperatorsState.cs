using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Gamity;

/// <summary>The operators and brands the fake Gamity holds, merged from sync-operators-and-brands calls.</summary>
public sealed class GamityOperatorsState : IResettableState
{
    private readonly Lock sync = new();
    private readonly Dictionary<string, HeldOperator> operators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HeldBrand> brands = new(StringComparer.Ordinal);

    /// <summary>
    /// Merges a full snapshot the way Gamity documents it: new items are added, known ones updated,
    /// missing ones disabled. The body must already be valid.
    /// </summary>
    public OperatorsSyncOutcome Merge(IReadOnlyList<SyncOperator> body)
    {
        lock (sync)
        {
            var membershipBefore = EnabledBrandRefsByOperator();
            var operatorTally = new SyncTally();
            var brandTally = new SyncTally();
            var seenOperators = new HashSet<string>(StringComparer.Ordinal);
            var seenBrands = new HashSet<string>(StringComparer.Ordinal);

            foreach (var @operator in body)
            {
                var operatorRef = @operator.Ref!;
                seenOperators.Add(operatorRef);
                foreach (var brand in @operator.Brands!)
                {
                    seenBrands.Add(brand.Ref!);
                    MergeBrand(brand, operatorRef, brandTally);
                }

                var membershipChanged = !membershipBefore.TryGetValue(operatorRef, out var before)
                    || !before.SetEquals(@operator.Brands!.Select(brand => brand.Ref!));
                MergeOperator(operatorRef, @operator.Name!, membershipChanged, operatorTally);
            }

            operatorTally.Disabled = DisableMissing(operators.Values, seenOperators);
            brandTally.Disabled = DisableMissing(brands.Values, seenBrands);
            return new OperatorsSyncOutcome(
                operatorTally.Added, operatorTally.Updated, operatorTally.Disabled, operatorTally.Unchanged,
                brandTally.ToOutcome());
        }
    }

    /// <summary>Every operator ever synced, with all its brands, disabled ones included.</summary>
    public List<HeldOperatorView> Snapshot()
    {
        lock (sync)
        {
            var brandsByOperator = brands.Values.ToLookup(brand => brand.OperatorRef, StringComparer.Ordinal);
            return operators.Values
                .Select(held => new HeldOperatorView(
                    held.Ref,
                    held.Name,
                    held.Enabled,
                    brandsByOperator[held.Ref].Select(brand => new HeldBrandView(brand.Ref, brand.Name, brand.Enabled)).ToList()))
                .ToList();
        }
    }

    public void Reset()
    {
        lock (sync)
        {
            operators.Clear();
            brands.Clear();
        }
    }

    private Dictionary<string, HashSet<string>> EnabledBrandRefsByOperator()
    {
        var membership = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var @operator in operators.Values.Where(held => held.Enabled))
        {
            membership[@operator.Ref] = new HashSet<string>(StringComparer.Ordinal);
        }

        foreach (var brand in brands.Values.Where(held => held.Enabled))
        {
            if (membership.TryGetValue(brand.OperatorRef, out var brandRefs))
            {
                brandRefs.Add(brand.Ref);
            }
        }

        return membership;
    }

    private void MergeBrand(SyncBrand brand, string operatorRef, SyncTally tally)
    {
        if (!brands.TryGetValue(brand.Ref!, out var held))
        {
            brands.Add(brand.Ref!, new HeldBrand(brand.Ref!, brand.Name!, operatorRef));
            tally.Added++;
        }
        else if (!held.Enabled || held.Name != brand.Name || held.OperatorRef != operatorRef)
        {
            held.Name = brand.Name!;
            held.OperatorRef = operatorRef;
            held.Enabled = true;
            tally.Updated++;
        }
        else
        {
            tally.Unchanged++;
        }
    }

    private void MergeOperator(string operatorRef, string name, bool membershipChanged, SyncTally tally)
    {
        if (!operators.TryGetValue(operatorRef, out var held))
        {
            operators.Add(operatorRef, new HeldOperator(operatorRef, name));
            tally.Added++;
        }
        else if (!held.Enabled || held.Name != name || membershipChanged)
        {
            held.Name = name;
            held.Enabled = true;
            tally.Updated++;
        }
        else
        {
            tally.Unchanged++;
        }
    }

    private static int DisableMissing(IEnumerable<IHeldItem> held, HashSet<string> seenRefs)
    {
        var disabled = 0;
        foreach (var item in held.Where(item => item.Enabled && !seenRefs.Contains(item.Ref)))
        {
            item.Enabled = false;
            disabled++;
        }

        return disabled;
    }

    private interface IHeldItem
    {
        string Ref { get; }

        bool Enabled { get; set; }
    }

    private sealed class HeldOperator(string @ref, string name) : IHeldItem
    {
        public string Ref { get; } = @ref;
        public string Name { get; set; } = name;
        public bool Enabled { get; set; } = true;
    }

    private sealed class HeldBrand(string @ref, string name, string operatorRef) : IHeldItem
    {
        public string Ref { get; } = @ref;
        public string Name { get; set; } = name;
        public string OperatorRef { get; set; } = operatorRef;
        public bool Enabled { get; set; } = true;
    }
}

/// <summary>An operator as Gamity holds it; <c>enabled</c> is false once a sync left it out.</summary>
public sealed record HeldOperatorView(string Ref, string Name, bool Enabled, IReadOnlyList<HeldBrandView> Brands);

public sealed record HeldBrandView(string Ref, string Name, bool Enabled);
