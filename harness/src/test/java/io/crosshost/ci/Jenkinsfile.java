package io.crosshost.ci;

import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.BooleanExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.NamedArgumentListExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.EmptyStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.IfStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The repository's Jenkinsfile as a tree of DSL calls, read from Groovy's AST (parsed to the CONVERSION phase,
 * never compiled further nor run). A declarative pipeline is nothing but nested calls {@code name(args) { body }},
 * so that is the whole model; anything else in the file (an {@code if}, an assignment) shows up as a call with a
 * name in angle brackets or as an {@link Unsupported} value, which the tests refuse or handle on purpose.
 */
final class Jenkinsfile {

    /** One call: {@code sh 'x'}, {@code stage('Merge') { ... }}, {@code stash name: ..., includes: ...}. */
    record Call(String name, List<Object> args, Map<String, Object> named, List<Call> body, int line) {

        Call {
            args = List.copyOf(args);
            named = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(named));
            body = List.copyOf(body);
        }

        List<Call> children(String childName) {
            return body.stream().filter(c -> c.name.equals(childName)).toList();
        }

        Call child(String childName) {
            List<Call> found = children(childName);
            if (found.size() != 1) {
                throw new AssertionError("line " + line + ": " + name + " has " + found.size() + " '" + childName
                        + "' blocks, not one");
            }
            return found.get(0);
        }

        Optional<Call> optionalChild(String childName) {
            return children(childName).stream().findFirst();
        }

        /** This call and every call under it, in source order, including calls used as arguments. */
        Stream<Call> all() {
            Stream<Call> nestedArgs = Stream.concat(args.stream(), named.values().stream()).flatMap(Jenkinsfile::callsIn);
            return Stream.concat(Stream.of(this), Stream.concat(nestedArgs, body.stream().flatMap(Call::all)));
        }

        /** The single positional argument, which must be a plain string. */
        String string() {
            if (args.size() != 1 || !(args.get(0) instanceof String s)) {
                throw new AssertionError("line " + line + ": " + name + " takes one plain string here, not " + args);
            }
            return s;
        }

        @Override
        public String toString() {
            return name + (args.isEmpty() ? "" : args.toString()) + (named.isEmpty() ? "" : named.toString())
                    + (body.isEmpty() ? "" : " {" + body.size() + " calls}") + " @" + line;
        }
    }

    /** A reference to a variable or property: {@code none}, {@code SHARD}, {@code params.BASELINE_JOB}. */
    record Ref(String name) {
    }

    /**
     * A double-quoted Groovy string with interpolation, as text with {@code ${name}} placeholders. Only references
     * ({@code ${SHARD}}, {@code ${params.X}}) are allowed inside: anything else is Groovy logic.
     */
    record Template(String text, List<String> names) {

        String render(Function<String, String> lookup) {
            String out = text;
            for (String n : names) {
                String value = lookup.apply(n);
                if (value == null) {
                    throw new AssertionError("'" + text + "' uses ${" + n + "}, which has no value here");
                }
                out = out.replace("${" + n + "}", value);
            }
            return out;
        }
    }

    /** An expression the pipeline DSL has no business containing; kept as source text for the message. */
    record Unsupported(String type, String text) {
    }

    private final Call pipeline;

    private Jenkinsfile(Call pipeline) {
        this.pipeline = pipeline;
    }

    static Path repositoryRoot() {
        return Path.of(System.getProperty("crosshost.root", "..")).toAbsolutePath().normalize();
    }

    /** The repository's own Jenkinsfile. */
    static Jenkinsfile load() throws IOException {
        return parse(Files.readString(repositoryRoot().resolve("Jenkinsfile")));
    }

    static Jenkinsfile parse(String source) {
        CompilationUnit unit = new CompilationUnit();
        SourceUnit file = unit.addSource("Jenkinsfile", source);
        unit.compile(Phases.CONVERSION);
        ModuleNode module = file.getAST();
        List<Call> top = calls(module.getStatementBlock());
        if (top.size() != 1 || !top.get(0).name().equals("pipeline")) {
            throw new AssertionError("a declarative Jenkinsfile is one pipeline { } block, not " + top);
        }
        if (!module.getClasses().stream().allMatch(c -> c.isScript()) || !module.getMethods().isEmpty()) {
            throw new AssertionError("the Jenkinsfile declares classes or methods: logic belongs in crosshost");
        }
        return new Jenkinsfile(top.get(0));
    }

    Call pipeline() {
        return pipeline;
    }

    /** The top-level stages, in order. */
    List<Call> stages() {
        return pipeline.child("stages").children("stage");
    }

    Call stage(String name) {
        return stages().stream().filter(s -> s.string().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no stage '" + name + "' in " + stages()));
    }

    /** Every call in the file, in source order. */
    Stream<Call> all() {
        return pipeline.all();
    }

    private static Stream<Call> callsIn(Object value) {
        if (value instanceof Call c) {
            return c.all();
        }
        if (value instanceof List<?> list) {
            return list.stream().flatMap(Jenkinsfile::callsIn);
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().flatMap(Jenkinsfile::callsIn);
        }
        return Stream.empty();
    }

    private static List<Call> calls(Statement statement) {
        List<Call> out = new ArrayList<>();
        if (statement instanceof BlockStatement block) {
            for (Statement s : block.getStatements()) {
                out.addAll(calls(s));
            }
        } else if (statement instanceof ExpressionStatement e && e.getExpression() instanceof MethodCallExpression m
                && m.isImplicitThis()) {
            out.add(call(m));
        } else if (statement instanceof IfStatement s) {
            out.add(new Call("<if>", List.of(value(s.getBooleanExpression())), Map.of(), calls(s.getIfBlock()),
                    s.getLineNumber()));
            if (!(s.getElseBlock() instanceof EmptyStatement)) {
                out.add(new Call("<else>", List.of(), Map.of(), calls(s.getElseBlock()), s.getElseBlock().getLineNumber()));
            }
        } else if (!(statement instanceof EmptyStatement)) {
            out.add(new Call("<" + statement.getClass().getSimpleName() + ">", List.of(statement.getText()), Map.of(),
                    List.of(), statement.getLineNumber()));
        }
        return out;
    }

    private static Call call(MethodCallExpression m) {
        List<Object> args = new ArrayList<>();
        Map<String, Object> named = new LinkedHashMap<>();
        List<Call> body = List.of();
        List<Expression> expressions = m.getArguments() instanceof TupleExpression t ? t.getExpressions()
                : List.of(m.getArguments());
        for (int i = 0; i < expressions.size(); i++) {
            Expression e = expressions.get(i);
            if (e instanceof ClosureExpression c && i == expressions.size() - 1) {
                body = calls(c.getCode());
            } else if (e instanceof NamedArgumentListExpression map) {
                // named arguments (stash name: ..., includes: ...) arrive as one map
                named.putAll(map(map));
            } else {
                args.add(value(e));
            }
        }
        return new Call(m.getMethodAsString(), args, named, body, m.getLineNumber());
    }

    private static Map<String, Object> map(MapExpression map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (MapEntryExpression entry : map.getMapEntryExpressions()) {
            Object key = value(entry.getKeyExpression());
            out.put(String.valueOf(key), value(entry.getValueExpression()));
        }
        return out;
    }

    private static Object value(Expression e) {
        if (e instanceof ConstantExpression c) {
            return c.getValue();
        }
        if (e instanceof GStringExpression g) {
            StringBuilder text = new StringBuilder();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < g.getStrings().size(); i++) {
                text.append(g.getStrings().get(i).getValue());
                if (i < g.getValues().size()) {
                    Object v = value(g.getValues().get(i));
                    if (!(v instanceof Ref ref)) {
                        return new Unsupported("GString", g.getText());
                    }
                    text.append("${").append(ref.name()).append('}');
                    names.add(ref.name());
                }
            }
            return new Template(text.toString(), names);
        }
        if (e instanceof VariableExpression v) {
            return new Ref(v.getName());
        }
        if (e instanceof PropertyExpression p && p.getObjectExpression() instanceof VariableExpression owner) {
            return new Ref(owner.getName() + "." + p.getPropertyAsString());
        }
        if (e instanceof BooleanExpression b) {
            return value(b.getExpression());
        }
        if (e instanceof ListExpression l) {
            return l.getExpressions().stream().map(Jenkinsfile::value).toList();
        }
        if (e instanceof MapExpression m) {
            return map(m);
        }
        if (e instanceof MethodCallExpression m && m.isImplicitThis()) {
            return call(m);
        }
        return new Unsupported(e.getClass().getSimpleName(), e.getText());
    }
}
