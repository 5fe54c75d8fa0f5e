//! What baocao says to editors, in their language: every problem, hint and line of
//! `check`, `build`, `new` and the preview's overlay.
//!
//! A message is data, not a sentence: a stable [`Code`] (`number.thousands-separator`)
//! and named values (the number as typed, an id, a path). The wording lives in one
//! catalogue per language, `src/messages/en.yaml` and `src/messages/vi.yaml`, embedded
//! in the binary, and is filled in only when a message is shown, in the language chosen
//! with `--lang` or the environment (see [`Language::from_env`]). Placeholders are
//! filled with the same machinery as the theme's UI strings ([`crate::i18n::fill_template`]).
//!
//! To add a message: add its code and placeholders to [`codes!`] below, then its
//! wording to both catalogues. A test checks every code against both.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Declares every code with its placeholders: the enum, its `ALL` list and its wire name.
macro_rules! codes {
    ($($variant:ident = $code:literal [$($name:ident),*];)*) => {
        /// Every message baocao can show, by its stable machine code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant),* }

        impl Code {
            /// Every code, so that a test can check each against both catalogues.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable name, as `check --format json` gives it and the catalogues key it.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }

            /// The placeholders its wording must have, in every language.
            pub fn placeholders(self) -> &'static [&'static str] {
                match self { $(Code::$variant => &[$(stringify!($name)),*]),* }
            }
        }
    };
}

codes! {
    // How problems are shown.
    UiError = "ui.error" [];
    UiWarning = "ui.warning" [];
    UiHint = "ui.hint" [];
    UiErrorsOne = "ui.errors-one" [];
    UiErrorsMany = "ui.errors-many" [count];
    UiWarningsOne = "ui.warnings-one" [];
    UiWarningsMany = "ui.warnings-many" [count];
    UiCounts = "ui.counts" [errors, warnings];
    UiTotal = "ui.total" [errors, warnings];
    UiValid = "ui.valid" [];
    UiUnknownLanguage = "ui.unknown-language" [code, languages];
    // What the commands say.
    BuildDone = "build.done" [output, ms, written, unchanged, removed];
    BuildPages = "build.pages" [rendered, pages];
    BuildNothingWritten = "build.nothing-written" [output];
    BuildOutputError = "build.output-error" [error];
    NewCreated = "new.created" [file];
    NewNext = "new.next" [];
    NewNothingWritten = "new.nothing-written" [];
    ServeBuilt = "serve.built" [count, ms, rendered, pages];
    ServeFailed = "serve.failed" [];
    ServeUnchanged = "serve.unchanged" [];
    ServeCannotStart = "serve.cannot-start" [error];
    ServeCannotListen = "serve.cannot-listen" [port, error];
    ServeNoAddress = "serve.no-address" [error];
    ServeCannotWatch = "serve.cannot-watch" [error];
    ServeCannotWatchDir = "serve.cannot-watch-dir" [dir, error];
    ServeStopped = "serve.stopped" [error];
    ServeServing = "serve.serving" [content, address];
    ServeNoBrowser = "serve.no-browser" [error, address];
    OverlayTitle = "overlay.title" [];
    OverlayFold = "overlay.fold" [];
    OverlayIntro = "overlay.intro" [counts];
    LanguagesHeading = "languages.heading" [reports];
    LanguagesLine = "languages.line" [lang, narratives, reports, tasks_translated, tasks];
    LanguagesNoNarrative = "languages.no-narrative" [reports];
    LanguagesUntranslated = "languages.untranslated" [tasks];
    LanguagesTask = "languages.task" [report, number];
    // Words that go into other messages.
    LanguageVi = "word.language-vi" [];
    LanguageEn = "word.language-en" [];
    LanguageOther = "word.language-other" [code];
    PathOf = "word.path-of" [part, whole];
    PathItem = "word.path-item" [nth, noun];
    PathItemId = "word.path-item-id" [item, id];
    PathNumberOf = "word.path-number-of" [nth, key];
    PathEntryOf = "word.path-entry-of" [nth, key];
    ThisValue = "word.this-value" [];
    Verbatim = "word.verbatim" [text];
    And = "word.and" [init, last];
    NounFigure = "word.figure" [];
    NounTarget = "word.target" [];
    NounBreakdown = "word.breakdown" [];
    NounPart = "word.part" [];
    NounTask = "word.task" [];
    NounUnit = "word.unit" [];
    NounIndicator = "word.indicator" [];
    NounGroup = "word.group" [];
    NounProvince = "word.province" [];
    NounMergedProvince = "word.merged-province" [];
    TypeNothing = "word.type-nothing" [];
    TypeList = "word.type-list" [];
    TypeMap = "word.type-map" [];
    TypeText = "word.type-text" [text];
    TypeNumber = "word.type-number" [number];
    TypeTrueFalse = "word.type-true-false" [];
    TypeAText = "word.type-a-text" [];
    TypeANumber = "word.type-a-number" [];
    KnownIndicators = "word.known-indicators" [];
    KnownUnits = "word.known-units" [];
    KnownProvinces = "word.known-provinces" [];
    KnownGroups = "word.known-groups" [];
    KnownCatalogue = "word.known-catalogue" [];
    // YAML.
    YamlUnknownKey = "yaml.unknown-key" [key];
    YamlUnknownKeyIn = "yaml.unknown-key-in" [key, place];
    YamlAllowedKeys = "yaml.allowed-keys.hint" [allowed];
    YamlAllowedKeysClose = "yaml.allowed-keys-close.hint" [suggestion, allowed];
    YamlMissingKey = "yaml.missing-key" [key];
    YamlMissingKeyIn = "yaml.missing-key-in" [key, place];
    YamlMissingKeyHint = "yaml.missing-key.hint" [key];
    YamlWrongType = "yaml.wrong-type" [subject, wanted, found];
    YamlWrongTypeBool = "yaml.wrong-type-bool.hint" [];
    YamlWrongTypeList = "yaml.wrong-type-list.hint" [];
    YamlWrongTypeMap = "yaml.wrong-type-map.hint" [];
    YamlWrongTypeText = "yaml.wrong-type-text.hint" [];
    YamlWrongTypeOther = "yaml.wrong-type-other.hint" [];
    YamlUnknownValue = "yaml.unknown-value" [subject, value];
    YamlAllowedValues = "yaml.allowed-values.hint" [allowed];
    YamlAllowedValuesClose = "yaml.allowed-values-close.hint" [suggestion, allowed];
    YamlInvalid = "yaml.invalid" [detail];
    YamlTab = "yaml.tab" [];
    YamlTabHint = "yaml.tab.hint" [];
    YamlNoSpaceAfterColon = "yaml.no-space-after-colon" [text];
    YamlNoSpaceAfterColonHint = "yaml.no-space-after-colon.hint" [line];
    YamlItemsUnderEmpty = "yaml.items-under-empty" [line];
    YamlItemsUnderEmptyHint = "yaml.items-under-empty.hint" [empty];
    YamlUnclosedQuote = "yaml.unclosed-quote" [open];
    YamlUnclosedQuoteHint = "yaml.unclosed-quote.hint" [open, close];
    YamlUnclosedBracket = "yaml.unclosed-bracket" [open];
    YamlUnclosedBracketHint = "yaml.unclosed-bracket.hint" [open, close];
    YamlWrongIndent = "yaml.wrong-indent" [key];
    YamlWrongIndentInside = "yaml.wrong-indent-inside.hint" [parent, line];
    YamlWrongIndentSibling = "yaml.wrong-indent-sibling.hint" [key, column, sibling, line];
    YamlSyntax = "yaml.syntax" [detail];
    YamlSyntaxHint = "yaml.syntax.hint" [];
    YamlDuplicateKey = "yaml.duplicate-key" [key];
    YamlDuplicateKeyHint = "yaml.duplicate-key.hint" [];
    FrontMatterUnclosed = "yaml.front-matter-unclosed" [];
    FrontMatterUnclosedHint = "yaml.front-matter-unclosed.hint" [];
    // Texts in the site's languages.
    TextNotASiteLanguage = "text.not-a-site-language" [code];
    TextNotASiteLanguageHint = "text.not-a-site-language.hint" [languages];
    TextMissing = "text.missing" [lang];
    TextMissingFallback = "text.missing-fallback" [lang, first];
    TextAdd = "text.add.hint" [code];
    // Ids and references.
    IdDuplicate = "id.duplicate" [what, id];
    IdDuplicateHint = "id.duplicate.hint" [what];
    IdNotUrlSafe = "id.not-url-safe" [what, id];
    IdNotUrlSafeHint = "id.not-url-safe.hint" [];
    IdUnknown = "id.unknown" [what, id];
    IdUnknownHint = "id.unknown.hint" [known];
    IdUnknownClose = "id.unknown-close.hint" [suggestion, known];
    UnitWrittenInWords = "unit.written-in-words" [id];
    UnitWrittenInWordsHint = "unit.written-in-words.hint" [unit];
    UnitOtherKind = "unit.other-kind" [unit, indicator_unit, indicator];
    UnitOtherKindHint = "unit.other-kind.hint" [];
    DateInvalid = "date.invalid" [value];
    DateSlashesHint = "date.slashes.hint" [];
    DateHint = "date.invalid.hint" [];
    // Numbers.
    NumberNegativeCount = "number.negative-count" [text];
    NumberNegativeCountHint = "number.negative-count.hint" [];
    NumberShareOver100 = "number.share-over-100" [value];
    NumberShareOver100Hint = "number.share-over-100.hint" [];
    NumberThousandsInCount = "number.thousands-in-count" [text, value, grouped];
    NumberThousandsInCountHint = "number.thousands-in-count.hint" [grouped];
    NumberTwoReadings = "number.two-readings" [text, thousands, whole, fraction];
    NumberTwoReadingsHint = "number.two-readings.hint" [thousands, whole, fraction];
    NumberDecimalComma = "number.decimal-comma" [text];
    NumberThousandsSeparator = "number.thousands-separator" [text];
    NumberSeparatorHint = "number.separator.hint" [bare, quoted];
    NumberNotWhole = "number.not-whole" [text];
    NumberNotWholeHint = "number.not-whole.hint" [];
    NumberQuotedNotVietnamese = "number.quoted-not-vietnamese" [text];
    NumberQuotedNotVietnameseHint = "number.quoted-not-vietnamese.hint" [];
    NumberNotANumber = "number.not-a-number" [text];
    NumberNotANumberHint = "number.not-a-number.hint" [];
    NumberPercentSign = "number.percent-sign" [text];
    NumberQualifierWord = "number.qualifier-word" [text, word];
    NumberQualifierWordHint = "number.qualifier-word.hint" [number, key, word];
    NumberQualifierWordNoKeyHint = "number.qualifier-word.no-key.hint" [number, word];
    NumberPercentSignHint = "number.percent-sign.hint" [number];
    // Figures.
    FigureValueAndRange = "figure.value-and-range" [];
    FigureTargetAndRange = "figure.target-and-range" [];
    FigureNoNumber = "figure.no-number" [indicator];
    FigureNoNumberHint = "figure.no-number.hint" [];
    FigureAchievementAndExceeded = "figure.achievement-and-exceeded" [];
    FigureAchievementAndExceededHint = "figure.achievement-and-exceeded.hint" [];
    FigureRange = "figure.range" [];
    FigureRangeHint = "figure.range.hint" [];
    FigureAchievementContradicts = "figure.achievement-contradicts" [stated, computed];
    FigureAchievementExceededHint = "figure.achievement-exceeded.hint" [stated, plan];
    FigureAchievementCheckHint = "figure.achievement-check.hint" [];
    FigureChangeUnit = "figure.change-unit" [unit];
    FigureChangeUnitMissing = "figure.change-unit-missing" [change];
    FigureChangeUnitMissingHint = "figure.change-unit-missing.hint" [own];
    FigureChangeTwoReadings = "figure.change-two-readings" [change, points, relative];
    FigureChangeTwoReadingsHint = "figure.change-two-readings.hint" [];
    FigureChangeUnitHint = "figure.change-unit.hint" [own];
    FigureDuplicate = "figure.duplicate" [indicator, period];
    FigureDuplicateHint = "figure.duplicate.hint" [];
    PartNoLabel = "figure.part-no-label" [];
    PeriodNoSuchQuarter = "period.no-such-quarter" [text];
    PeriodYearsReversed = "period.years-reversed" [text];
    PeriodInvalid = "period.invalid" [text];
    PeriodHint = "period.invalid.hint" [];
    // Site, catalogue and provinces.
    BaseUrlInvalid = "site.base-url" [url];
    BaseUrlHint = "site.base-url.hint" [];
    LanguagesNotAList = "site.languages-not-a-list" [];
    LanguagesNotAListHint = "site.languages-not-a-list.hint" [];
    LanguagesTwice = "site.language-twice" [code];
    LanguagesTwiceHint = "site.language-twice.hint" [];
    LanguagesNotACode = "site.not-a-language-code" [code];
    LanguagesNotACodeHint = "site.not-a-language-code.hint" [];
    LanguagesNone = "site.no-language" [];
    LanguagesNoneHint = "site.no-language.hint" [];
    ProvinceSlug = "province.folder-name" [slug];
    ProvinceSlugHint = "province.folder-name.hint" [slug];
    ProvinceNoSuccessor = "province.no-successor" [];
    ProvinceNoSuccessorHint = "province.no-successor.hint" [];
    ProvinceSuccessorWithoutDate = "province.successor-without-date" [];
    ProvinceSuccessorWithoutDateHint = "province.successor-without-date.hint" [];
    ProvinceOwnSuccessor = "province.own-successor" [];
    // Reports and narratives.
    ReportNoYaml = "report.no-report-yaml" [];
    ReportNoYamlHint = "report.no-report-yaml.hint" [];
    ReportProvinceMismatch = "report.province-mismatch" [folder, province];
    ReportProvinceMismatchHint = "report.province-mismatch.hint" [folder, province];
    ReportPeriodMismatch = "report.period-mismatch" [folder, period];
    ReportPeriodMismatchHint = "report.period-mismatch.hint" [folder, period];
    SourceEmpty = "report.source-empty" [key];
    SourceEmptyHint = "report.source-empty.hint" [];
    NextNotAfter = "report.next-not-after" [next, own];
    NextNotAfterHint = "report.next-not-after.hint" [];
    TaskMissing = "report.task-missing" [lang];
    TaskUntranslated = "report.task-untranslated" [lang, first];
    TaskUntranslatedHint = "report.task-untranslated.hint" [code, first];
    NarrativeUnknownLanguage = "narrative.unknown-language" [];
    NarrativeUnknownLanguageHint = "narrative.unknown-language.hint" [languages];
    NarrativeNoneEither = "narrative.none-either" [];
    NarrativeNoneAny = "narrative.none-any" [];
    NarrativeNoneHint = "narrative.none.hint" [files];
    NarrativeMissing = "narrative.missing" [lang, present];
    NarrativeMissingHint = "narrative.missing.hint" [present, missing];
    NarrativeTooDeep = "narrative.too-deep" [depth];
    NarrativeTooDeepHint = "narrative.too-deep.hint" [];
    NarrativeEmpty = "narrative.empty" [];
    NarrativeEmptyHint = "narrative.empty.hint" [];
    NarrativeNoTitle = "narrative.no-title" [];
    NarrativeNoTitleHint = "narrative.no-title.hint" [];
    LinkBroken = "link.broken" [attr, url, reason];
    LinkOutsideBase = "link.outside-base" [base];
    LinkAboveRoot = "link.above-root" [];
    LinkNoPage = "link.no-page" [];
    LinkNoAnchor = "link.no-anchor" [id];
    LinkInNarrativeHint = "link.in-narrative.hint" [];
    LinkOnReportPageHint = "link.on-report-page.hint" [file];
    LinkElsewhereHint = "link.elsewhere.hint" [];
    // Files and folders.
    ContentMissing = "files.no-content-folder" [];
    ContentMissingHint = "files.no-content-folder.hint" [];
    NoProvinces = "files.no-provinces-folder" [];
    FileUnknown = "files.unknown-file" [];
    FileUnknownInProvince = "files.unknown-in-province.hint" [];
    FileUnknownInPeriod = "files.unknown-in-period.hint" [];
    FileUnreadable = "files.unreadable" [error];
    FolderUnreadable = "files.folder-unreadable" [error];
    FileNotUtf8 = "files.not-utf8" [line, offset];
    FileNotUtf8Hint = "files.not-utf8.hint" [];
    FileOutside = "files.outside" [folder];
    FileLeavesFolder = "files.leaves-folder" [];
    LinkToNothing = "files.link-to-nothing" [target];
    LinkOutside = "files.link-outside" [target, folder];
    LinkInside = "files.link-inside" [target, folder];
    LinkHint = "files.link.hint" [];
    // The theme.
    ThemeNoFolder = "theme.no-folder" [];
    ThemeNoFolderHint = "theme.no-folder.hint" [];
    ThemeNotUtf8 = "theme.not-utf8" [];
    ThemeBadLocale = "theme.bad-locale" [locale];
    ThemeBadLocaleHint = "theme.bad-locale.hint" [];
    ThemeNoLocaleData = "theme.no-locale-data" [kind, locale];
    ThemePlaceholderMissing = "theme.placeholder-missing" [key, name];
    ThemePlaceholderUnknown = "theme.placeholder-unknown" [key, name];
    ThemePlaceholderHint = "theme.placeholder.hint" [key, needs];
    ThemePlaceholderMayHint = "theme.placeholder-may.hint" [needs, may];
    ThemeNoStrings = "theme.no-strings" [lang];
    ThemeNoStringsHint = "theme.no-strings.hint" [file];
    ThemeMissingString = "theme.missing-string" [key];
    ThemeMissingStringHint = "theme.missing-string.hint" [key, file];
    ThemeTemplate = "theme.template" [summary];
    ThemeTemplateHint = "theme.template.hint" [detail];
    ThemeUnknownFile = "theme.unknown-file" [];
    ThemeMoveFileHint = "theme.move-file.hint" [path];
    ThemeFilesHint = "theme.files.hint" [];
    ThemeUnusedTemplate = "theme.unused-template.hint" [];
    ThemeUnusedTemplateClose = "theme.unused-template-close.hint" [close];
    // `baocao new`.
    NewExists = "new.exists" [province, period];
    NewExistsHint = "new.exists.hint" [];
    NewCannotCreate = "new.cannot-create" [error];
    NewCannotWrite = "new.cannot-write" [error];
    NewSpan = "new.period-span" [text];
    NewPeriodHint = "new.period.hint" [];
    NewNoProvince = "new.no-province" [name];
    NewDidYouMean = "new.did-you-mean.hint" [suggestion];
    NewSlugHint = "new.slug.hint" [slug];
    NewCreateHint = "new.create-province.hint" [slug];
}

/// A language baocao speaks to editors in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    En,
    Vi,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Vi];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Vi => "vi",
        }
    }

    /// The language of `code` (`vi`, `en`, also `vi-VN`), or a message naming those there are.
    pub fn from_code(code: &str) -> Result<Language, String> {
        let lower = code.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_', '.']).next().unwrap_or_default();
        Language::ALL
            .into_iter()
            .find(|l| l.code() == primary)
            .ok_or_else(|| {
                let names: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
                let message = Message::new(Code::UiUnknownLanguage)
                    .arg("code", code)
                    .arg("languages", names.join(", "));
                Language::from_env().text(&message)
            })
    }

    /// Vietnamese when the locale of messages (`LC_ALL`, else `LC_MESSAGES`, else
    /// `LANG`, the first one set) starts with `vi`; otherwise English.
    pub fn from_env() -> Language {
        Language::from_locale(|name| std::env::var(name).ok())
    }

    fn from_locale(var: impl Fn(&str) -> Option<String>) -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if locale.starts_with("vi") {
            Language::Vi
        } else {
            Language::En
        }
    }

    /// The message in this language.
    pub fn text(self, message: &Message) -> String {
        message.render(self)
    }

    /// The wording of a message without values.
    pub fn word(self, code: Code) -> String {
        Message::new(code).render(self)
    }

    fn catalogue(self) -> &'static BTreeMap<String, String> {
        static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
        static VI: OnceLock<BTreeMap<String, String>> = OnceLock::new();
        let (cell, text) = match self {
            Language::En => (&EN, include_str!("messages/en.yaml")),
            Language::Vi => (&VI, include_str!("messages/vi.yaml")),
        };
        cell.get_or_init(|| catalogue(self.code(), text))
    }

    /// The wording of `code` as written in the catalogue, when it has it.
    pub fn template(self, code: Code) -> Option<&'static str> {
        self.catalogue().get(code.as_str()).map(String::as_str)
    }

    /// `7th` / `thứ 7`, by the language's ordinal rules (the theme's `rank_*` strings).
    fn nth(self, n: usize) -> String {
        thread_local! {
            static STRINGS: [crate::i18n::Strings; 2] =
                [crate::i18n::built_in("en"), crate::i18n::built_in("vi")];
        }
        STRINGS.with(|s| s[self as usize].rank(&n.to_string()))
    }
}

/// A catalogue file as a map from code to wording.
fn catalogue(code: &str, text: &str) -> BTreeMap<String, String> {
    crate::yaml::parse(std::path::Path::new(code), text)
        .expect("a built-in message catalogue parses")
        .value
}

/// A value that goes into a message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Arg {
    /// Written as it is: a number as typed, an id, a key, a file name.
    Text(String),
    /// A path into a YAML file (`results[6](poor_household_rate).qualifier`), in words.
    Path(String),
    /// A language code, written as the language's name.
    Lang(String),
    /// Another message, such as a word: a noun, or where the known ids are.
    Message(Box<Message>),
}

/// What to say: a code and the values of its placeholders, worded only when shown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Message {
    pub code: Code,
    pub args: Vec<(&'static str, Arg)>,
}

impl From<Code> for Message {
    fn from(code: Code) -> Self {
        Message::new(code)
    }
}

impl Message {
    pub fn new(code: Code) -> Self {
        Message {
            code,
            args: Vec::new(),
        }
    }

    /// Fills the placeholder `name` with `value` as it is.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Fills `name` with a YAML path, in words ([`in_words`]).
    pub fn path(mut self, name: &'static str, path: impl Into<String>) -> Self {
        self.args.push((name, Arg::Path(path.into())));
        self
    }

    /// Fills `name` with the name of the language `code`.
    pub fn lang(mut self, name: &'static str, code: impl ToString) -> Self {
        self.args.push((name, Arg::Lang(code.to_string())));
        self
    }

    /// Fills `name` with another message.
    pub fn with(mut self, name: &'static str, message: impl Into<Message>) -> Self {
        self.args
            .push((name, Arg::Message(Box::new(message.into()))));
        self
    }

    /// `plain`, or `close` naming the `suggestion` when there is one: "did you mean
    /// `value`? …" when a close match was found, else only the rest of the hint.
    pub fn suggesting(suggestion: Option<&str>, close: Code, plain: Code) -> Message {
        match suggestion {
            Some(best) => Message::new(close).arg("suggestion", best),
            None => Message::new(plain),
        }
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Language) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| (*name, arg.render(lang)))
            .collect();
        let pairs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        match lang.template(self.code) {
            Some(template) => crate::i18n::fill_template(template, &pairs),
            // A gap in a catalogue shows the code, never nothing; the tests forbid it.
            None => self.code.as_str().to_string(),
        }
    }
}

impl std::fmt::Display for Message {
    /// In English, for logs and tests; editors see [`Message::render`] in their language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

impl PartialEq<&str> for Message {
    fn eq(&self, other: &&str) -> bool {
        self.render(Language::En) == *other
    }
}

impl Arg {
    fn render(&self, lang: Language) -> String {
        match self {
            Arg::Text(text) => text.clone(),
            Arg::Path(path) => in_words(path, lang),
            Arg::Lang(code) => lang.text(&match code.as_str() {
                "vi" => Message::new(Code::LanguageVi),
                "en" => Message::new(Code::LanguageEn),
                other => Message::new(Code::LanguageOther).arg("code", other),
            }),
            Arg::Message(message) => message.render(lang),
        }
    }
}

/// A path such as `results[6](poor_household_rate).qualifier` as an editor counts:
/// "`qualifier` of the 7th figure (`poor_household_rate`)", "`qualifier` của chỉ tiêu
/// thứ 7 (`poor_household_rate`)"; the empty path is "this value".
pub fn in_words(path: &str, lang: Language) -> String {
    if path.is_empty() {
        return lang.word(Code::ThisValue);
    }
    let mut parts: Vec<String> = Vec::new();
    for segment in path.split('.') {
        let Some((list, rest)) = segment.split_once('[') else {
            parts.push(format!("`{segment}`"));
            continue;
        };
        let (index, id) = rest.split_once(']').unwrap_or((rest, ""));
        let nth = lang.nth(index.parse::<usize>().map_or(0, |i| i + 1));
        let id = id.trim_start_matches('(').trim_end_matches(')');
        let item = match item_noun(list) {
            Some(noun) => Message::new(Code::PathItem)
                .arg("nth", &nth)
                .with("noun", noun),
            None if matches!(list, "range" | "target_range") => Message::new(Code::PathNumberOf)
                .arg("nth", &nth)
                .arg("key", list),
            None => Message::new(Code::PathEntryOf)
                .arg("nth", &nth)
                .arg("key", list),
        };
        parts.push(if id.is_empty() {
            item.render(lang)
        } else {
            lang.text(
                &Message::new(Code::PathItemId)
                    .with("item", item)
                    .arg("id", id),
            )
        });
    }
    parts
        .into_iter()
        .reduce(|whole, part| {
            lang.text(
                &Message::new(Code::PathOf)
                    .arg("part", part)
                    .arg("whole", whole),
            )
        })
        .unwrap_or_default()
}

/// What an entry of the list `key` is called, when it has a name of its own.
fn item_noun(key: &str) -> Option<Code> {
    Some(match key {
        "results" => Code::NounFigure,
        "targets" => Code::NounTarget,
        "breakdowns" => Code::NounBreakdown,
        "parts" => Code::NounPart,
        "tasks" => Code::NounTask,
        "units" => Code::NounUnit,
        "indicators" | "headline_indicators" => Code::NounIndicator,
        "groups" => Code::NounGroup,
        "absorbed" => Code::NounMergedProvince,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_an_editor_counts_in_both_languages() {
        let path = "results[6](poor_household_rate).qualifier";
        assert_eq!(
            in_words(path, Language::En),
            "`qualifier` of the 7th figure (`poor_household_rate`)"
        );
        assert_eq!(
            in_words(path, Language::Vi),
            "`qualifier` của chỉ tiêu thứ 7 (`poor_household_rate`)"
        );
        assert_eq!(
            in_words("breakdowns[0](jobs_created).parts[11].value", Language::En),
            "`value` of the 12th part of the 1st breakdown (`jobs_created`)"
        );
        assert_eq!(
            in_words("results[0].range[1]", Language::Vi),
            "số thứ 2 của `range` của chỉ tiêu thứ 1"
        );
        assert_eq!(in_words("source", Language::Vi), "`source`");
    }

    #[test]
    fn the_language_comes_from_the_locale_of_messages() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Language::from_locale(env(&[("LANG", "vi_VN.UTF-8")])),
            Language::Vi
        );
        assert_eq!(
            Language::from_locale(env(&[("LC_ALL", "C"), ("LANG", "vi_VN.UTF-8")])),
            Language::En
        );
        assert_eq!(
            Language::from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "vi_VN")])),
            Language::Vi
        );
        assert_eq!(Language::from_locale(env(&[])), Language::En);
    }

    #[test]
    fn an_unknown_language_code_is_refused_naming_the_languages() {
        assert_eq!(Language::from_code("vi"), Ok(Language::Vi));
        assert_eq!(Language::from_code("en-GB"), Ok(Language::En));
        let err = Language::from_code("fr").unwrap_err();
        assert!(err.contains("`fr`") && err.contains("en, vi"), "{err}");
    }

    /// Values that fill every placeholder of a code, for rendering it in a test.
    fn filled(code: Code) -> Message {
        code.placeholders()
            .iter()
            .fold(Message::new(code), |m, name| {
                m.arg(name, format!("<{name}>"))
            })
    }

    #[test]
    fn every_code_is_worded_in_both_catalogues_with_the_same_placeholders() {
        for lang in Language::ALL {
            for &code in Code::ALL {
                let template = lang
                    .template(code)
                    .unwrap_or_else(|| panic!("{}.yaml lacks `{}`", lang.code(), code.as_str()));
                let mut found = crate::i18n::placeholder_names(template);
                found.sort_unstable();
                found.dedup();
                let mut declared = code.placeholders().to_vec();
                declared.sort_unstable();
                assert_eq!(
                    found,
                    declared,
                    "`{}` in {}.yaml: {template}",
                    code.as_str(),
                    lang.code()
                );
                let text = filled(code).render(lang);
                assert!(!text.trim().is_empty(), "`{}` is empty", code.as_str());
                for name in code.placeholders() {
                    assert!(text.contains(&format!("<{name}>")), "{text}");
                }
            }
            let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            for key in lang.catalogue().keys() {
                assert!(
                    known.contains(&key.as_str()),
                    "{}.yaml has `{key}`, which no code has",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn the_two_languages_say_different_things() {
        // A Vietnamese entry copied from English without translating is a gap.
        let same: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| Language::En.template(**c) == Language::Vi.template(**c))
            .map(|c| c.as_str())
            .filter(|c| !IDENTICAL.contains(c))
            .collect();
        assert!(same.is_empty(), "not translated: {same:?}");
    }

    /// Wordings that are the same in both languages on purpose.
    const IDENTICAL: &[&str] = &[
        "ui.counts",
        "word.path-item-id",
        "word.language-other",
        "word.verbatim",
        "yaml.invalid",
        "theme.template.hint",
    ];
}
