/// How `?` lists the keys a text field takes.
enum TextFieldBinding {
    static let editing = Binding(["Left", "Right", "Home", "End", "Delete", "C-u", "C-w"], .editText,
                                 "move in the text; Del, Bksp, C-u (to the start), C-w (a word) delete",
                                 label: "←/→ Home End")
}
