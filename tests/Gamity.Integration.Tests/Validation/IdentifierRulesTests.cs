using System.Text;
using CsCheck;
using Gamity.Integration.Input;

namespace Gamity.Integration.Tests.Validation;

public class IdentifierRulesTests
{
    [Theory]
    [InlineData("player-1", false)]
    [InlineData("Jöran Ørsted", false)]
    [InlineData("игрок_7", false)]
    [InlineData("لاعب", false)]
    [InlineData("玩家🎰", false)]
    [InlineData("e\u0301", false)]        // a combining mark: kept, ids are not normalised
    [InlineData("p\u0000", true)]
    [InlineData("p\tq", true)]
    [InlineData("p\r\nq", true)]
    [InlineData("p\u007f", true)]
    [InlineData("p\u0085", true)]         // NEL, a C1 control
    [InlineData("p\u2028", true)]
    [InlineData("p\u2029", true)]
    [InlineData("p\u061c", true)]
    [InlineData("p\u200e", true)]
    [InlineData("p\u200f", true)]
    [InlineData("admin\u202egpj.exe", true)]
    [InlineData("p\u202a", true)]
    [InlineData("p\u2066", true)]
    [InlineData("p\u2069", true)]
    public void Control_separator_and_bidirectional_characters_are_forbidden_in_both_forms(string id, bool forbidden)
    {
        Assert.Equal(forbidden, IdentifierRules.HasForbiddenCharacter(id));
        Assert.Equal(forbidden, IdentifierRules.HasForbiddenCharacter(Encoding.UTF8.GetBytes(id)));
    }

    [Fact]
    public void The_utf8_and_utf16_forms_of_the_rule_agree_on_any_text() =>
        Check.Sample(Gen.String, text =>
        {
            var utf8 = Encoding.UTF8.GetBytes(text); // lone surrogates become U+FFFD, as in a decoded body
            Assert.Equal(IdentifierRules.HasForbiddenCharacter(Encoding.UTF8.GetString(utf8)), IdentifierRules.HasForbiddenCharacter(utf8));
        }, iter: 10_000);
}
