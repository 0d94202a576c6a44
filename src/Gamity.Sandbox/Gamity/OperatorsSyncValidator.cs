using Gamity.Sandbox.Shared;

namespace Gamity.Sandbox.Gamity;

/// <summary>Checks a sync-operators-and-brands body before anything is merged.</summary>
public static class OperatorsSyncValidator
{
    public static ValidationErrors Validate(IReadOnlyList<SyncOperator> operators)
    {
        var errors = new ValidationErrors();
        var operatorRefs = new HashSet<string>(StringComparer.Ordinal);
        // Brand refs are unique across the whole body: a brand ref identifies a brand everywhere in Gamity.
        var brandRefs = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < operators.Count; i++)
        {
            var path = $"[{i}]";
            var @operator = operators[i];
            if (@operator is null)
            {
                errors.Add($"{path} must be an operator object.");
                continue;
            }

            errors.CheckRef(@operator.Ref, $"{path}.ref");
            errors.CheckUnique(@operator.Ref, $"{path}.ref", operatorRefs);
            errors.CheckPresent(@operator.Name, $"{path}.name");
            if (@operator.Brands is null)
            {
                errors.Add($"{path}.brands is required.");
                continue;
            }

            for (var j = 0; j < @operator.Brands.Count; j++)
            {
                var brandPath = $"{path}.brands[{j}]";
                var brand = @operator.Brands[j];
                if (brand is null)
                {
                    errors.Add($"{brandPath} must be a brand object.");
                    continue;
                }

                errors.CheckRef(brand.Ref, $"{brandPath}.ref");
                errors.CheckUnique(brand.Ref, $"{brandPath}.ref", brandRefs);
                errors.CheckPresent(brand.Name, $"{brandPath}.name");
            }
        }

        return errors;
    }
}
