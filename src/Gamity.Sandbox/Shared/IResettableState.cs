namespace Gamity.Sandbox.Shared;

/// <summary>A singleton holding sandbox state; <c>POST /sandbox/reset</c> resets every registered one.</summary>
public interface IResettableState
{
    /// <summary>Puts the state back to how it was when the sandbox started.</summary>
    void Reset();
}
