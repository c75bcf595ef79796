using System.Text;
using Microsoft.ML.Tokenizers;

namespace SentenceEmbeddings;

/// <summary>What the program runs on without a model: example sentences and a small vocabulary that covers them.</summary>
public static class BuiltInExamples
{
    /// <summary>The classic sentence-transformers examples: pairs that a trained model scores as close.</summary>
    public static IReadOnlyList<string> Sentences { get; } =
    [
        "A man is eating food.",
        "A man is eating a piece of bread.",
        "The girl is carrying a baby.",
        "A man is riding a horse.",
        "A woman is playing the violin.",
        "Two men pushed carts through the woods.",
    ];

    // BERT's special tokens, then ordinary words and a few word pieces; a real vocab.txt is the same format with
    // 30,522 lines.
    private const string Words = """
        [PAD] [UNK] [CLS] [SEP] [MASK]
        . , ! ? ' " - : ; ( )
        a an the this that these those some any all every each no one two three four five many few more most
        i you he she it we they me him her us them my your his its our their
        is are was were be been being am do does did done have has had having will would can could should may might must
        not and or but if then so because while when where what who which how why than as of in on at by for with
        from to into onto over under through between after before about against during without within along across
        man men woman women girl boy child children baby people person friend family mother father dog cat horse bird
        fish cow sheep monkey lion animal food bread piece apple cake pizza rice meat soup water coffee tea milk
        car cart bike bus train plane boat road street city town house home room kitchen table chair bed door window
        park garden field forest woods tree flower grass river lake sea beach mountain hill sky sun moon rain snow
        music song guitar violin piano drum movie book story picture game ball team school class teacher student
        work job office computer phone money time day night morning evening week year today tomorrow yesterday
        eat eating ate eaten drink drinking drank ride riding rode play playing played carry carrying carried
        push pushing pushed pull walk walking walked run running ran sit sitting sat stand standing stood
        swim swimming fly flying jump jumping dance dancing sing singing read reading write writing cook cooking
        watch watching look looking see seeing saw talk talking speak say said go going went come coming came
        make making made take taking took give giving gave hold holding held open close cut cutting slice slicing
        big small large little long short old new young good bad happy sad fast slow hot cold red blue green
        white black yellow brown very too also just only still again here there now up down out off
        ##s ##es ##ed ##ing ##er ##ly
        """;

    /// <summary>A BERT tokenizer over the built-in vocabulary, lower-casing as all-MiniLM-L6-v2's does.</summary>
    public static BertTokenizer Tokenizer()
    {
        string vocabulary = string.Join('\n', Words.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(vocabulary));
        return BertTokenization.Create(stream, lowerCase: true, stripAccents: true);
    }
}
