/// `?`: the console opens the help of whatever has the focus.
enum HelpBinding {
    static var page: KeyAction { Binding(["?"], .help, "every key of this page", footer: "help").listsKeys }
    static var overlay: KeyAction { Binding(["?"], .help, "every key of this dialog", footer: "help").listsKeys }
}
