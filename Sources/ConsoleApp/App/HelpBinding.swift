/// `?`: the console opens the help of whatever has the focus.
enum HelpBinding {
    static let page = Binding(["?"], .help, "every key of this page", footer: "help")
    static let overlay = Binding(["?"], .help, "every key of this dialog", footer: "help")
}
