/// How `?` lists the keys a text field takes; the component's `unbound` gets them.
enum TextFieldBinding {
    static var editing: KeyAction {
        Binding(["Left", "Right", "Home", "End", "Delete", "C-u", "C-w"], .editText,
                                 "move in the text; Del, Bksp, C-u (to the start), C-w (a word) delete",
                                 label: "←/→ Home End").typed
    }
}
