/*
 * The seqlab language (.seq scripts and REPL lines). See LANGUAGE.md for what it means.
 *
 * The grammar is deliberately lenient about *which* words appear where: statements other than
 * the structural ones (model, data declarations, compare, analogy) are a head word followed by
 * arguments, and a model body is a list of "kind args..." items. Deciding whether a word is a
 * known statement, layer kind, parameter or flag is the checker's job (org.seqlab.lang.check),
 * where it can say "did you mean ...?" instead of a parse error.
 *
 * Keywords are case-insensitive; every keyword is also usable as a plain word (parameter names
 * such as steps=, values such as over=encoder).
 */
grammar Seqlab;

script      : sep* (statement (sep+ statement)* sep*)? EOF ;
sep         : NL | SEMI ;

statement
    : MODEL name=word LPAREN NL* (param (NL* COMMA NL* param)*)? NL* RPAREN NL* block    # modelTemplate
    | MODEL name=word NL* block                                                        # modelDef
    | MODEL name=word ASSIGN target=word (LPAREN NL* (parenArg (NL* COMMA NL* parenArg)*)? NL* RPAREN)? # modelAlias
    | kind=(CORPUS | TASK | DATA | SERIES) name=word (ASSIGN source=value)? arg*            # dataDecl
    | COMPARE word (COMMA word)* ON (TASK task=word | data=value) arg*                       # compare
    | ANALOGY value (term)+ arg*                                                           # analogy
    | head=WORD arg* block?                                                                # command
    ;

param       : word (ASSIGN value)? ;
term        : sign=(PLUS | MINUS) value ;

block       : LBRACE sep* (blockItem (sep+ blockItem)* sep*)? RBRACE ;

blockItem
    : REPEAT count=value NL* block                                   # repeatItem
    | part=(ENCODER | DECODER) NL* block                             # partItem
    | EVERY count=value unit=word COLON statement                    # everyItem
    | WHEN metric=word op=(LT | GT | LE | GE) threshold=value COLON statement # whenItem
    | kind=word (LPAREN NL* (parenArg (NL* COMMA NL* parenArg)*)? NL* RPAREN)? layerArg* # layerItem
    ;

layerArg
    : word LPAREN NL* (parenArg (NL* COMMA NL* parenArg)*)? NL* RPAREN  # callArg
    | arg                                                               # plainArg
    ;

arg
    : key=word ASSIGN value (PLUS value)+                    # joinedArg
    | key=word ASSIGN value (COMMA value)*                   # namedArg
    | prep=(ON | FROM | TO | WITH | NEAREST) value           # prepArg
    | value                                                  # bareArg
    | PIPE                                                   # pipeArg
    ;

parenArg    : key=word ASSIGN value    # namedParenArg
            | value                    # bareParenArg
            ;

value       : NUMBER | STRING | PATH | word ;

word
    : WORD | MODEL | REPEAT | ENCODER | DECODER | EVERY | WHEN | COMPARE | TASK | ANALOGY
    | CORPUS | DATA | SERIES | ON | FROM | TO | WITH | NEAREST
    ;

// ---- lexer ----
MODEL   : M O D E L ;
REPEAT  : R E P E A T ;
ENCODER : E N C O D E R ;
DECODER : D E C O D E R ;
EVERY   : E V E R Y ;
WHEN    : W H E N ;
COMPARE : C O M P A R E ;
TASK    : T A S K ;
ANALOGY : A N A L O G Y ;
CORPUS  : C O R P U S ;
DATA    : D A T A ;
SERIES  : S E R I E S ;
ON      : O N ;
FROM    : F R O M ;
TO      : T O ;
WITH    : W I T H ;
NEAREST : N E A R E S T ;

NUMBER  : '-'? DIGIT+ ('.' DIGIT+)? ([eE] [+-]? DIGIT+)?
        | '-'? '.' DIGIT+ ([eE] [+-]? DIGIT+)? ;
WORD    : [a-zA-Z_] [a-zA-Z0-9_]* ;
/* A bare path: word characters plus at least one '/' or '.', e.g. corpus.txt, runs/a.safetensors. */
PATH    : PATHCHAR* [./] (PATHCHAR | [./])* ;
STRING  : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
/* A string whose closing quote is missing; reported by the parser facade in words. */
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;

ASSIGN  : '=' ;
LPAREN  : '(' ;
RPAREN  : ')' ;
LBRACE  : '{' ;
RBRACE  : '}' ;
COMMA   : ',' ;
SEMI    : ';' ;
COLON   : ':' ;
PIPE    : '|' ;
PLUS    : '+' ;
MINUS   : '-' ;
LE      : '<=' ;
GE      : '>=' ;
LT      : '<' ;
GT      : '>' ;

COMMENT : '#' ~[\r\n]* -> skip ;
NL      : '\r'? '\n' ;
WS      : [ \t]+ -> skip ;
/* A line ending in a backslash continues on the next. */
CONTINUATION : '\\' [ \t]* '\r'? '\n' -> skip ;
ERROR_CHAR : . ;

fragment DIGIT    : [0-9] ;
fragment PATHCHAR : [a-zA-Z0-9_~\-] ;
fragment A : [aA] ; fragment C : [cC] ; fragment D : [dD] ; fragment E : [eE] ;
fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ; fragment I : [iI] ;
fragment K : [kK] ; fragment L : [lL] ; fragment M : [mM] ; fragment N : [nN] ;
fragment O : [oO] ; fragment P : [pP] ; fragment R : [rR] ; fragment S : [sS] ;
fragment T : [tT] ; fragment U : [uU] ; fragment V : [vV] ; fragment W : [wW] ;
fragment Y : [yY] ;
