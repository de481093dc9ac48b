extension Array where Element: Equatable {
    /// The element after (or before) `current`, wrapping round: how Tab moves
    /// the focus through a dialog. The first one when `current` is not here.
    public func neighbour(of current: Element, forward: Bool) -> Element {
        guard let i = firstIndex(of: current) else { return self[0] }
        return self[(i + (forward ? 1 : count - 1)) % count]
    }
}
