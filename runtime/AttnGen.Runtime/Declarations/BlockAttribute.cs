namespace AttnGen;

/// <summary>
/// What every block attribute is: a declaration the AttnGen generator turns into members of the class it sits on.
/// A class carries at most one (ATTN0012); only this library's attributes derive from it.
/// </summary>
public abstract class BlockAttribute : System.Attribute
{
    private protected BlockAttribute()
    {
    }
}
